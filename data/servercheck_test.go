package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/data/pgtest"
)

// An address that is not a server's is refused before anything is dialled.
func TestCheckServerRefusesABadAddress(t *testing.T) {
	for _, addr := range []string{"/home/clinic/casedesk.db", "postgres://casedesk@server:notaport/casedesk"} {
		r, err := CheckServer(context.Background(), addr, "")
		if !errors.Is(err, app.ErrServerAddress) || r.Reached {
			t.Errorf("%s: got %+v, %v; want ErrServerAddress", addr, r, err)
		}
	}
}

// The check reports TLS verified, a role that is no superuser, collation C
// and the schema: 0 on an empty database, the latest once a store opened it.
func TestCheckServerReportsWhatItFinds(t *testing.T) {
	if !onServer() {
		t.Skip("needs the test cluster: CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	name, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	addr := testServer.TLSURL(name)
	r, err := CheckServer(ctx, addr, pgtest.AppPassword)
	if err != nil {
		t.Fatal(err)
	}
	want := ServerReport{Reached: true, TLS: true, Verified: true, SSLMode: "verify-full", Collation: "C", CollationOK: true,
		ServerVersion: r.ServerVersion, VersionOK: true, Schema: 0, Latest: latestVersion()}
	if r != want || !r.Ready() {
		t.Fatalf("got %+v, want %+v", r, want)
	}
	s, err := OpenWith(ctx, addr, OpenOptions{ServerPassword: pgtest.AppPassword})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if r, err = CheckServer(ctx, addr, pgtest.AppPassword); err != nil || r.Schema != latestVersion() {
		t.Fatalf("after opening: schema %d, %v; want %d", r.Schema, err, latestVersion())
	}

	// The superuser, on the socket without TLS: both are said.
	r, err = CheckServer(ctx, testServer.AdminURL(name), "")
	if err != nil || !r.Superuser || r.TLS || r.Verified || r.SSLMode != "disable" {
		t.Fatalf("the superuser's check: %+v, %v", r, err)
	}
	// TLS without checking the certificate is TLS, not verified.
	r, err = CheckServer(ctx, fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=require", pgtest.App, testServer.Port, name), pgtest.AppPassword)
	if err != nil || !r.TLS || r.Verified {
		t.Fatalf("sslmode=require: %+v, %v", r, err)
	}
}

// A wrong password is the server refusing the role; a server that is not
// there did not answer. Neither error quotes the password.
func TestCheckServerSaysWhyNot(t *testing.T) {
	if !onServer() {
		t.Skip("needs the test cluster: CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	_, err := CheckServer(ctx, testServer.TLSURL("postgres"), "not-the-password")
	if !errors.Is(err, app.ErrServerSignIn) {
		t.Fatalf("a wrong password: %v, want ErrServerSignIn", err)
	}
	// No CA file: the system's authorities do not know the cluster's.
	unknownCA := fmt.Sprintf("postgres://%s@localhost:%d/postgres?sslmode=verify-full", pgtest.App, testServer.Port)
	r, err := CheckServer(ctx, unknownCA, pgtest.AppPassword)
	if err == nil || r.Reached || !strings.Contains(r.Certificate, "unknown authority") {
		t.Fatalf("an unknown authority: %+v, %v", r, err)
	}
	closed := fmt.Sprintf("postgres://%s:secret-word@127.0.0.1:1/x?sslmode=disable", pgtest.App)
	r, err = CheckServer(ctx, closed, "")
	if !errors.Is(err, app.ErrServerUnreachable) || r.Reached || r.Certificate != "" {
		t.Fatalf("no server: %+v, %v, want ErrServerUnreachable", r, err)
	}
	if msg := err.Error(); strings.Contains(msg, "secret-word") {
		t.Fatalf("the error quotes the password: %s", msg)
	}
}

// Two seats on one server: what one saves, the other reads at once. The
// server stops: both say it did not answer, and nothing is written; it
// starts again: the same stores carry on, without being opened again.
func TestServerSeatsShareAndReconnect(t *testing.T) {
	if !onServer() {
		t.Skip("needs the test cluster: CASEDESK_TEST_SERVER=1")
	}
	srv, err := pgtest.Start(pgtest.Options{}) // its own: this test stops it
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	name, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	seat := func() *Store {
		s, err := OpenWith(ctx, srv.TLSURL(name), OpenOptions{ServerPassword: pgtest.AppPassword})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := seat(), seat()
	mustClient(t, a, newClient("Marisol", "Quispe", app.NewDate(1985, 3, 4), ""))
	if res, err := b.RecentClients(ctx, 10); err != nil || len(res) != 1 {
		t.Fatalf("the other seat reads %v, %v", names(res), err)
	}

	if err := srv.StopServer(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.RecentClients(ctx, 10); !errors.Is(err, app.ErrServerUnreachable) {
		t.Fatalf("a read with the server down: %v", err)
	}
	if err := a.CreateClient(ctx, newClient("Inés", "Peña", app.Date{}, ""), ev("client.created")); !errors.Is(err, app.ErrServerUnreachable) {
		t.Fatalf("a write with the server down: %v", err)
	}
	if err := srv.StartServer(); err != nil {
		t.Fatal(err)
	}
	// database/sql drops the broken connections and opens new ones: the
	// first call may still meet one, the next does not.
	var res []app.Person
	for try := 0; try < 3; try++ {
		if res, err = b.RecentClients(ctx, 10); err == nil {
			break
		}
	}
	if err != nil || len(res) != 1 {
		t.Fatalf("after the restart the seat reads %v, %v; the write made while down must not be there", names(res), err)
	}
	for try := 0; try < 3; try++ {
		if err = a.CreateClient(ctx, newClient("Inés", "Peña", app.Date{}, ""), ev("client.created")); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("a write after the restart: %v", err)
	}
	if res, err := b.RecentClients(ctx, 10); err != nil || len(res) != 2 {
		t.Fatalf("after the restart the other seat reads %v, %v", names(res), err)
	}
}

// BenchmarkCheckServer is "Test the connection" over TLS (verify-full):
// a new connection, its sign-in and the checks' queries.
func BenchmarkCheckServer(b *testing.B) {
	if !onServer() {
		b.Skip("needs the test cluster: CASEDESK_TEST_SERVER=1")
	}
	addr := testServer.TLSURL("postgres")
	for b.Loop() {
		if _, err := CheckServer(context.Background(), addr, pgtest.AppPassword); err != nil {
			b.Fatal(err)
		}
	}
}
