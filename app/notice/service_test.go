package notice

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
