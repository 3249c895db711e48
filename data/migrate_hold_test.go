package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5"
)

// A store file that changes during the move, however it changed, is not
// moved: the check just before the commit rolls the move back.
func TestMigrateRollsBackWhenTheFileChanges(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Migrate(ctx, from, srv.URL(db), MigrateOptions{fault: func(_ context.Context, _ pgx.Tx, table string) error {
		if table == "people" {
			later := time.Now().Add(time.Hour)
			return os.Chtimes(from, later, later)
		}
		return nil
	}})
	if !errors.Is(err, app.ErrStoreInUse) || !strings.Contains(err.Error(), "changed while it was being moved") {
		t.Fatalf("a file changed during the move: %v", err)
	}
	allEmpty(t, serverRows(t, srv, db), false)
	// At rest again, it moves.
	if _, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{}); err != nil {
		t.Fatalf("again, unchanged: %v", err)
	}
}

// A store at rest named through a link moves, and the link's folder gets
// nothing beside it; a link to nothing is no store.
func TestMigrateThroughALink(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	dir := t.TempDir()
	link := filepath.Join(dir, "clinic.db")
	if err := os.Symlink(from, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	before := folderState(t, filepath.Dir(from))
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Migrate(ctx, link, srv.URL(db), MigrateOptions{}); err != nil {
		t.Fatalf("through a link: %v", err)
	}
	sameFolder(t, filepath.Dir(from), before)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the link's folder holds %d files", len(entries))
	}
	dangling := filepath.Join(dir, "gone.db")
	os.Symlink(filepath.Join(dir, "nowhere.db"), dangling)
	if _, err := Migrate(ctx, dangling, srv.URL(db), MigrateOptions{}); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a link to nothing: %v, want ErrNotFound", err)
	}
}
