package notice

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
)

// clinic is a store of many notices, all dated mailing.
type clinic struct{ notices []app.Notice }

var mailing = day(2026, 11, 20)

func newClinic(n int) *clinic {
	c := &clinic{}
	for i := range n {
		s := stock(app.NoticeReceipt, fmt.Sprintf("Applicant %d", i), fmt.Sprintf("IOE09%08d", i), mailing)
		s.ID = fmt.Sprintf("n%d", i)
		c.notices = append(c.notices, s)
	}
	return c
}

func (c *clinic) Notice(_ context.Context, id string) (app.Notice, error) {
	for _, n := range c.notices {
		if n.ID == id {
			return n, nil
		}
	}
	return app.Notice{}, app.ErrNotFound
}
func (c *clinic) NoticesOfCase(context.Context, string) ([]app.Notice, error) { return c.notices, nil }
func (c *clinic) NoticesOn(_ context.Context, d app.Date) ([]app.Notice, error) {
	if d == mailing {
		return c.notices, nil
	}
	return nil, nil
}
func (c *clinic) CountNoticesOn(_ context.Context, d app.Date) (int, error) {
	ns, _ := c.NoticesOn(context.Background(), d)
	return len(ns), nil
}
func (c *clinic) LatestNoticeDate(context.Context, app.Date) (app.Date, error) { return mailing, nil }
func (c *clinic) CaseByReceipt(context.Context, app.Receipt) (app.Case, error) {
	return app.Case{}, app.ErrNotFound
}
func (c *clinic) Events(context.Context, string) ([]app.CaseEvent, error) { return nil, nil }
func (c *clinic) Person(context.Context, string) (app.Person, error) {
	return app.Person{}, app.ErrNotFound
}
func (c *clinic) Setting(context.Context, string) (string, error) { return "", app.ErrNotFound }

// Cancel from the progress, early or once the last document is laid out:
// the export stops, writes no file and keeps the earlier one.
func TestExportCancelledLeavesNoFileAndKeepsTheEarlier(t *testing.T) {
	svc := NewService(newClinic(150), nil)
	for _, at := range []int{10, 150} {
		t.Run(fmt.Sprint("at ", at), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "notices-2026-11-20.pdf")
			if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			last := 0
			n, err := svc.Export(ctx, Selection{Date: mailing}, path, func(done, total int) {
				last = done
				if done == at {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) || n != 0 {
				t.Fatalf("cancelled at %d: %d documents, %v", at, n, err)
			}
			if last > at {
				t.Errorf("went on to document %d after the cancel at %d", last, at)
			}
			if b, _ := os.ReadFile(path); string(b) != "earlier" {
				t.Errorf("the earlier file changed: %.20q", b)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
}

// ExportNew leaves a file of that name as it is, before doing any work;
// NextFree names the copy beside it.
func TestExportNewKeepsAFileOfThatName(t *testing.T) {
	svc := NewService(newClinic(3), nil)
	dir := t.TempDir()
	path := filepath.Join(dir, "notices-2026-11-20.pdf")
	if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	worked := false
	_, err := svc.ExportNew(context.Background(), Selection{Date: mailing}, path, func(int, int) { worked = true })
	if !errors.Is(err, fs.ErrExist) || worked {
		t.Fatalf("want fs.ErrExist before any work, got %v (worked %v)", err, worked)
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier" {
		t.Fatalf("the file changed: %.20q", b)
	}
	free := NextFree(path)
	if free != filepath.Join(dir, "notices-2026-11-20 (2).pdf") {
		t.Fatalf("NextFree %q", free)
	}
	if n, err := svc.ExportNew(context.Background(), Selection{Date: mailing}, free, nil); err != nil || n != 3 {
		t.Fatalf("the copy: %d, %v", n, err)
	}
	if next := NextFree(path); next != filepath.Join(dir, "notices-2026-11-20 (3).pdf") {
		t.Fatalf("NextFree after the copy %q", next)
	}
	// Export itself replaces, as the command line expects.
	if _, err := svc.Export(context.Background(), Selection{Date: mailing}, path, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("Export did not replace the file: %.20q", b)
	}
	if msg := ExportMessage(Selection{Date: mailing}, &fs.PathError{Op: "save", Path: path, Err: fs.ErrExist}); !strings.Contains(msg, "already") {
		t.Fatalf("message %q", msg)
	}
}

// A name taken while the PDF was being made is not replaced either.
func TestSaveNewDoesNotReplaceAFileThatCameMeanwhile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	err := save(context.Background(), path, false, func(w io.Writer) error {
		if err := os.WriteFile(path, []byte("came meanwhile"), 0o600); err != nil {
			return err
		}
		_, err := w.Write([]byte("new"))
		return err
	})
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("want fs.ErrExist, got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "came meanwhile" {
		t.Fatalf("replaced: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
}

// withSettings is the clinic with settings of its own.
type withSettings struct {
	*clinic
	settings map[string]string
}

func (c withSettings) Setting(_ context.Context, key string) (string, error) {
	if v, ok := c.settings[key]; ok {
		return v, nil
	}
	return "", app.ErrNotFound
}

// The letterhead carries the clinic's phone number under its address,
// when the clinic gave one; the lines as typed, blank ones left out.
func TestLetterheadHasThePhone(t *testing.T) {
	ctx := context.Background()
	store := withSettings{newClinic(0), map[string]string{
		app.SettingClinicName:    " Clínica Legal del Sur ",
		app.SettingClinicAddress: "120 Main St\n\nSpringfield, IL 62701\n",
		app.SettingClinicPhone:   "(217) 555-0100",
	}}
	lh, err := NewService(store, nil).Letterhead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lh.Name != "Clínica Legal del Sur" || strings.Join(lh.Address, "|") != "120 Main St|Springfield, IL 62701|(217) 555-0100" {
		t.Fatalf("letterhead %q %q", lh.Name, lh.Address)
	}
	delete(store.settings, app.SettingClinicPhone)
	if lh, _ := NewService(store, nil).Letterhead(ctx); strings.Join(lh.Address, "|") != "120 Main St|Springfield, IL 62701" {
		t.Fatalf("without a phone: %q", lh.Address)
	}
}
