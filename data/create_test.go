package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
)

func TestCreateReplacesOnlyOnSuccess(t *testing.T) {
	sqliteOnly(t, "its build beside the file and rename")
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "casedesk.db")
	old, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustPerson(t, old, "Kept", "Before")
	old.Close()

	boom := errors.New("interrupted")
	err = Create(ctx, path, func(s *Store) error {
		mustPerson(t, s, "Half", "Built")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("failed build: %v", err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := s.SearchPeople(ctx, "kept", 5); len(res) != 1 {
		t.Errorf("a failed build changed the store: %v", res)
	}
	s.Close()

	var n demo.Counts
	err = Create(ctx, path, func(s *Store) (err error) {
		if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
			return err
		}
		n, err = demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
			demo.Options{People: 50, Seed: 2, Today: app.NewDate(2026, 11, 1)}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sum, _ := s.Summary(ctx)
	var mode string
	var pageSize int
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.db.QueryRow("PRAGMA page_size").Scan(&pageSize)
	if sum.People != n.People || sum.Events != n.Events || mode != "wal" || pageSize != 16384 {
		t.Errorf("new store holds %+v (built %+v), journal %s, pages of %d bytes", sum, n, mode, pageSize)
	}
	if res, _ := s.SearchPeople(ctx, "kept", 5); len(res) != 0 {
		t.Error("the old store's people are still there")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".building" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
}
