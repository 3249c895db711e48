package demo

import (
	"context"
	"testing"

	"casedesk/app"
)

type nopSink struct{ n int }

func (s *nopSink) Person(*app.Person) error           { s.n++; return nil }
func (s *nopSink) Case(*app.Case) error               { s.n++; return nil }
func (s *nopSink) Event(*app.CaseEvent) error         { s.n++; return nil }
func (s *nopSink) Notice(*app.Notice) error           { s.n++; return nil }
func (s *nopSink) Appointment(*app.Appointment) error { s.n++; return nil }
func (s *nopSink) Message(*app.Message) error         { s.n++; return nil }
func (s *nopSink) Setting(string, string) error       { return nil }

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Build(context.Background(), &nopSink{}, Options{People: 50000, Seed: 1, Today: app.NewDate(2026, 11, 1)}, nil)
	}
}
