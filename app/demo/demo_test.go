package demo

import (
	"casedesk/app/notice"
	"casedesk/assets"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"casedesk/app"
)

// recorder keeps every record, as JSON, in order.
type recorder struct {
	lines  []string
	people map[string]*app.Person
	cases  map[string]*app.Case
	events map[string][]*app.CaseEvent
	kinds  map[app.NoticeKind]int
	failAt int
}

func newRecorder() *recorder {
	return &recorder{people: map[string]*app.Person{}, cases: map[string]*app.Case{},
		events: map[string][]*app.CaseEvent{}, kinds: map[app.NoticeKind]int{}}
}

var errFull = errors.New("disk full")

func (r *recorder) add(v any) error {
	if r.failAt > 0 && len(r.lines) >= r.failAt {
		return errFull
	}
	b, _ := json.Marshal(v)
	r.lines = append(r.lines, string(b))
	return nil
}
func (r *recorder) Person(p *app.Person) error { r.people[p.ID] = p; return r.add(p) }
func (r *recorder) Case(c *app.Case) error     { r.cases[c.ID] = c; return r.add(c) }
func (r *recorder) Event(e *app.CaseEvent) error {
	r.events[e.CaseID] = append(r.events[e.CaseID], e)
	return r.add(e)
}
func (r *recorder) Notice(n *app.Notice) error                 { r.kinds[n.Kind]++; return r.add(n) }
func (r *recorder) Appointment(a *app.Appointment) error       { return r.add(a) }
func (r *recorder) Message(m *app.Message) error               { return r.add(m) }
func (r *recorder) Setting(k, v string) error                  { return r.add([2]string{k, v}) }
func (r *recorder) ProcessingTime(p *app.ProcessingTime) error { return r.add(p) }

var opts = Options{People: 400, Seed: 7, Today: app.NewDate(2026, 11, 1)}

func TestBuildIsDeterministic(t *testing.T) {
	a, b := newRecorder(), newRecorder()
	if _, err := Build(context.Background(), a, opts, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), b, opts, nil); err != nil {
		t.Fatal(err)
	}
	if len(a.lines) != len(b.lines) {
		t.Fatalf("%d vs %d records", len(a.lines), len(b.lines))
	}
	for i := range a.lines {
		if a.lines[i] != b.lines[i] {
			t.Fatalf("record %d differs:\n%s\n%s", i, a.lines[i], b.lines[i])
		}
	}
	other := newRecorder()
	o := opts
	o.Seed = 8
	Build(context.Background(), other, o, nil)
	if other.lines[5] == a.lines[5] {
		t.Error("a different seed built the same clinic")
	}
}

func TestBuildFollowsRealSequences(t *testing.T) {
	r := newRecorder()
	var reported []int
	n, err := Build(context.Background(), r, opts, func(done, total int) { reported = append(reported, done) })
	if err != nil {
		t.Fatal(err)
	}
	if n.People != 400 || n.Cases < 600 || n.Cases > 1000 || n.Events < 5*n.Cases || n.Notices < 2*n.Cases {
		t.Errorf("counts %+v", n)
	}
	if len(reported) < 2 || reported[len(reported)-1] != 400 {
		t.Errorf("progress reported %v", reported)
	}
	accents := 0
	for _, p := range r.people {
		if app.FoldName(p.FamilyName) != p.FamilyName && app.NameKey(p.FamilyName) != "" {
			accents++
		}
	}
	if accents < 40 {
		t.Errorf("only %d of 400 family names have accents or capitals beyond ASCII", accents)
	}
	for id, c := range r.cases {
		if _, err := app.ParseReceipt(string(c.Receipt)); err != nil {
			t.Fatalf("bad receipt %q: %v", c.Receipt, err)
		}
		evs := r.events[id]
		if len(evs) == 0 {
			t.Fatalf("case %s has no history", c.Receipt)
		}
		first, _ := app.StatusByCode(evs[0].StatusCode)
		if first.Group != app.GroupReceived && first.Group != app.GroupRejected {
			t.Errorf("case %s starts with %q", c.Receipt, first.Title)
		}
		for i, e := range evs {
			if _, ok := app.StatusByCode(e.StatusCode); !ok {
				t.Fatalf("status %q is not in the catalog", e.StatusCode)
			}
			if i > 0 && e.Date.Before(evs[i-1].Date) {
				t.Errorf("case %s goes back in time", c.Receipt)
			}
			if opts.Today.Before(e.Date) {
				t.Errorf("case %s has an event after today", c.Receipt)
			}
		}
		if last := evs[len(evs)-1]; last.StatusCode != c.StatusCode || last.Date != c.StatusDate {
			t.Errorf("case %s status %s, last event %s", c.Receipt, c.StatusCode, last.StatusCode)
		}
		if _, ok := r.people[c.ApplicantID]; !ok {
			t.Fatalf("case %s refers to a person not yet written", c.Receipt)
		}
	}
	for _, k := range []app.NoticeKind{app.NoticeReceipt, app.NoticeAppointment, app.NoticeRFE, app.NoticeApproval, app.NoticeDenial} {
		if r.kinds[k] == 0 {
			t.Errorf("no %s notices", k)
		}
	}
}

func TestLoadIsAllOrNothing(t *testing.T) {
	r := &batch{recorder: newRecorder()}
	r.failAt = 500
	_, err := Load(context.Background(), func(context.Context) (Batch, error) { return r, nil }, opts, nil)
	if !errors.Is(err, errFull) || !r.rolledBack || r.committed {
		t.Errorf("Load = %v, rolled back %v, committed %v", err, r.rolledBack, r.committed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r = &batch{recorder: newRecorder()}
	if _, err := Load(ctx, func(context.Context) (Batch, error) { return r, nil }, opts, nil); !errors.Is(err, context.Canceled) || r.committed {
		t.Errorf("cancelled Load = %v, committed %v", err, r.committed)
	}
	r = &batch{recorder: newRecorder()}
	n, err := Load(context.Background(), func(context.Context) (Batch, error) { return r, nil }, opts, nil)
	if err != nil || !r.committed || n.People != 400 || len(r.lines) != n.People+n.Cases+n.Events+n.Notices+n.Appointments+n.Messages+n.ProcessingTimes+3 || n.ProcessingTimes < 8 {
		t.Errorf("Load = %+v, %v; %d records", n, err, len(r.lines))
	}
}

type batch struct {
	*recorder
	committed, rolledBack bool
}

func (b *batch) Commit() error   { b.committed = true; return nil }
func (b *batch) Rollback() error { b.rolledBack = true; return nil }

// TestEveryDemoNamePrints: names and places the demo draws from are all in
// the notice fonts, so no demo notice is ever refused.
func TestEveryDemoNamePrints(t *testing.T) {
	for name, list := range map[string]string{"names/people.txt": assets.DemoPeople, "names/places.txt": assets.DemoPlaces} {
		if bad := notice.Unprintable(list); len(bad) > 0 {
			t.Errorf("%s has characters the notice fonts lack: %q", name, bad)
		}
	}
}
