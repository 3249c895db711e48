package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/settings"

	"fyne.io/fyne/v2/test"
)

var importFixtures = filepath.Join("..", "app", "desk", "testdata", "import")

// "Import…" is on the clients tab for administrators only; the desk's
// service refuses the others anyway (app/desk and data test that).
func TestDeskImportIsForAdministrators(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, tomas, app.RoleStaff)
	if d.clients.imp.Visible() {
		t.Error("a staff member sees Import…")
	}
	d, _ = r.open(t, rosa, app.RoleAdmin)
	if !d.clients.imp.Visible() {
		t.Fatal("an administrator has no Import…")
	}
	test.Tap(d.clients.imp)
	if !strings.Contains(deskText(d.shown()), "Import clients or cases") {
		t.Errorf("Import… shows:\n%s", deskText(d.shown()))
	}
}

// The whole flow: a file with a refused row among good ones, its columns
// mapped from their names, the dry run with the refused rows first and
// each one's line, column and problem, nothing written until the import is
// confirmed, then the good rows imported.
func TestDeskImportFlow(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	p := d.openImport()
	p.openFile(filepath.Join(importFixtures, "refused-row.csv"))
	if p.mapping == nil || !strings.Contains(p.file.Text, "refused-row.csv: 4 rows, 8 columns") {
		t.Fatalf("file: %q, msg %q", p.file.Text, p.msg.Text)
	}
	if got := p.mapping.choices["given_name"].Selected; got != "Given name" {
		t.Errorf("given name mapped to %q", got)
	}
	if got := p.mapping.choices["phone"].Selected; got != "(not in the file)" {
		t.Errorf("phone mapped to %q", got)
	}
	test.Tap(p.mapping.run)
	v := p.plan
	if v == nil {
		t.Fatalf("no dry run: %q", p.msg.Text)
	}
	if v.counts.Text != "2 to add, 0 to update, 0 unchanged, 2 refused" || v.start.Text != "Import 2 rows" {
		t.Errorf("counts %q, button %q", v.counts.Text, v.start.Text)
	}
	if len(v.rows) != 4 || v.rows[0].Line != 3 || v.rows[1].Line != 5 || v.rows[2].Line != 2 {
		t.Errorf("rows %+v", v.rows)
	}
	v.show.SetSelectedIndex(1) // refused rows
	if len(v.rows) != 2 {
		t.Fatalf("refused rows %+v", v.rows)
	}
	v.list.Select(0)
	if !strings.Contains(v.detail.Text, "Line 3, column Date of birth: Date of birth has no day 30") ||
		!strings.Contains(v.detail.Text, "Line 3, column State: State \"T\"") {
		t.Errorf("detail %q", v.detail.Text)
	}
	if len(r.store.clients) != 0 {
		t.Fatal("the dry run wrote")
	}
	test.Tap(v.start)
	dialogButton(t, r.win, "Import 2 rows")
	if !strings.Contains(v.result.Text, "Imported: 2 added, 0 updated; 0 unchanged, 2 refused") || !v.done.Visible() || v.start.Visible() {
		t.Fatalf("result %q", v.result.Text)
	}
	if len(r.store.clients) != 2 || r.store.audit[len(r.store.audit)-1].Action != "import.clients" {
		t.Errorf("store: %d clients, audit %+v", len(r.store.clients), r.store.audit)
	}
	test.Tap(v.done)
	if d.shown() != d.tabs {
		t.Error("Done does not go back to the tabs")
	}
}

// A file that cannot be read says why and which line; a cases file
// without a client column is refused before any row is checked.
func TestDeskImportRefusesFiles(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	p := d.openImport()
	p.openFile(filepath.Join(importFixtures, "latin1.csv"))
	if p.mapping != nil || !strings.Contains(p.msg.Text, "Line 3: the file is not UTF-8") || !strings.Contains(p.msg.Text, "Save it as UTF-8") {
		t.Errorf("latin-1: %q", p.msg.Text)
	}
	p.openFile(filepath.Join(importFixtures, "own-headers.csv"))
	p.kind.SetSelected("Cases")
	if _, ok := p.mapping.choices["receipt"]; !ok {
		t.Fatal("the mapping is not the cases'")
	}
	test.Tap(p.mapping.run)
	if p.plan != nil || !strings.Contains(p.msg.Text, "The file has no column for Receipt number, Form, Received date") {
		t.Errorf("cases without their columns: %q", p.msg.Text)
	}
}

// Save template… writes the columns, readable by the owner only.
func TestDeskImportSavesTheTemplate(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	p := d.openImport()
	path := filepath.Join(t.TempDir(), "cases.csv")
	p.saveTemplate(path, desk.ImportCases)
	b, err := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if err != nil || !strings.HasPrefix(string(b), "\ufeffReceipt number,Form,A-number,") || fi.Mode().Perm() != 0o600 {
		t.Fatalf("template %q, %v", b, err)
	}
	if !strings.Contains(p.msg.Text, "The template is saved in "+path) {
		t.Errorf("msg %q", p.msg.Text)
	}
}

// cancellingStore cancels the import at a record by tapping Cancel, as a
// person would while the progress bar moves.
type cancellingStore struct {
	*deskStore
	at  int
	tap func()
}

func (s *cancellingStore) Import(ctx context.Context, b desk.ImportBatch, progress func(done, total int)) error {
	return s.deskStore.Import(ctx, b, func(done, total int) {
		progress(done, total)
		if done == s.at {
			s.tap()
		}
	})
}

// Cancel during the import leaves the store as it was, and the import can
// be started again.
func TestDeskImportCancel(t *testing.T) {
	r := newDeskRig(t)
	var v *importPlan
	st := &cancellingStore{deskStore: r.store, at: 300, tap: func() { test.Tap(v.cancel) }}
	r.svc.Desk = desk.New(st, deskCodes{r.store}, auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32)), notice.NewService(r.store, nil),
		settings.New(r.store), nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	d, _ := r.open(t, rosa, app.RoleAdmin)
	var csv strings.Builder
	csv.WriteString("Given name,Family name,Date of birth\n")
	for i := range 1000 {
		fmt.Fprintf(&csv, "Ana,Ruiz %d,01/02/1980\n", i)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	os.WriteFile(path, []byte(csv.String()), 0o600)
	p := d.openImport()
	p.openFile(path)
	test.Tap(p.mapping.run)
	v = p.plan
	if v == nil || v.plan.Writes() != 1000 {
		t.Fatalf("dry run: %q", p.msg.Text)
	}
	v.apply()
	if !strings.Contains(v.result.Text, "The import was cancelled. Nothing was imported") || !v.start.Visible() || v.cancel.Visible() {
		t.Fatalf("after Cancel: %q", v.result.Text)
	}
	if len(r.store.clients) != 0 || len(r.store.audit) != 0 {
		t.Fatalf("a cancelled import wrote %d clients, %d audit rows", len(r.store.clients), len(r.store.audit))
	}
	st.at = -1
	v.apply()
	if !strings.Contains(v.result.Text, "Imported: 1000 added") || len(r.store.clients) != 1000 {
		t.Fatalf("again: %q, %d clients", v.result.Text, len(r.store.clients))
	}
}
