package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"casedesk/data/pgtest"
)

// The store's tests run on each backend in turn: SQLite always, and
// PostgreSQL when CASEDESK_TEST_SERVER=1 (make test sets it for one of its
// runs). On PostgreSQL the package starts a throwaway cluster of its own,
// and every store a test opens by file name is a fresh database on it,
// made from a template that already holds the schema.
var backends = []struct {
	name string
	on   func() bool
}{
	{"sqlite", func() bool { return os.Getenv("CASEDESK_TEST_SERVER") == "" }},
	{"postgres", func() bool { return os.Getenv("CASEDESK_TEST_SERVER") != "" }},
}

// testServer is the cluster when the tests run on PostgreSQL.
var testServer *pgtest.Server

// runOnBackend runs the tests on the backend chosen.
func runOnBackend(m *testing.M) int {
	if !backends[1].on() {
		return m.Run()
	}
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Stop()
	testServer = srv
	ctx := context.Background()
	template, err := srv.NewDatabase(ctx, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := Open(ctx, srv.URL(template))
	if err != nil {
		fmt.Fprintln(os.Stderr, "the template database:", err)
		return 1
	}
	s.Close()
	var mu sync.Mutex
	dbs := map[string]string{}
	serverFor = func(path string) string {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		mu.Lock()
		defer mu.Unlock()
		if url, ok := dbs[abs]; ok {
			return url
		}
		name, err := srv.NewDatabase(ctx, template)
		if err != nil {
			panic(fmt.Sprintf("a database for %s: %v", path, err))
		}
		dbs[abs] = srv.URL(name)
		return dbs[abs]
	}
	return m.Run()
}

// onServer reports whether the tests run on PostgreSQL.
func onServer() bool { return testServer != nil }

// sqliteOnly skips a test of what only a store file has (its bytes, its
// locks, its backups), saying why, when the tests run on PostgreSQL.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onServer() {
		t.Skip("a store file's own: " + why)
	}
}
