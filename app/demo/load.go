package demo

import (
	"context"
	"errors"

	"casedesk/app"
)

// Batch is a store's all-or-nothing bulk write.
type Batch interface {
	Sink
	Commit() error
	Rollback() error
}

// Load builds the clinic into one batch and commits it: a cancelled or
// failed build leaves the store exactly as it was. Generation runs on its own
// goroutine, a batch of records ahead of the store, so the two overlap on
// machines with more than one core.
func Load(ctx context.Context, begin func(context.Context) (Batch, error), opt Options, progress func(done, total int)) (Counts, error) {
	b, err := begin(ctx)
	if err != nil {
		return Counts{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	q := &queue{ctx: ctx, out: make(chan []record, 8)}
	var n Counts
	var genErr error
	go func() {
		n, genErr = Build(ctx, q, opt, progress)
		if genErr == nil {
			q.send()
		}
		close(q.out)
	}()
	var storeErr error
	for batch := range q.out {
		if storeErr != nil {
			continue // drain so the generator can finish
		}
		for _, r := range batch {
			if storeErr = r.write(b); storeErr != nil {
				cancel()
				break
			}
		}
	}
	if err := errors.Join(storeErr, genErr); err != nil {
		if storeErr != nil {
			err = storeErr // the generator's error is then only the cancellation
		}
		return Counts{}, errors.Join(err, b.Rollback())
	}
	if err := b.Commit(); err != nil {
		return Counts{}, err
	}
	return n, nil
}

// record is one row on its way from the generator to the store.
type record struct {
	person  *app.Person
	cas     *app.Case
	event   *app.CaseEvent
	notice  *app.Notice
	appt    *app.Appointment
	message *app.Message
	pt      *app.ProcessingTime
	key     string
	value   string
}

func (r record) write(s Sink) error {
	switch {
	case r.person != nil:
		return s.Person(r.person)
	case r.cas != nil:
		return s.Case(r.cas)
	case r.event != nil:
		return s.Event(r.event)
	case r.notice != nil:
		return s.Notice(r.notice)
	case r.appt != nil:
		return s.Appointment(r.appt)
	case r.message != nil:
		return s.Message(r.message)
	case r.pt != nil:
		return s.ProcessingTime(r.pt)
	}
	return s.Setting(r.key, r.value)
}

// queue is a Sink that hands records to another goroutine in batches.
type queue struct {
	ctx   context.Context
	out   chan []record
	batch []record
}

const queueBatch = 1024

func (q *queue) add(r record) error {
	q.batch = append(q.batch, r)
	if len(q.batch) < queueBatch {
		return nil
	}
	return q.send()
}

func (q *queue) send() error {
	if len(q.batch) == 0 {
		return nil
	}
	select {
	case q.out <- q.batch:
		q.batch = make([]record, 0, queueBatch)
		return nil
	case <-q.ctx.Done():
		return q.ctx.Err()
	}
}

func (q *queue) Person(p *app.Person) error                 { return q.add(record{person: p}) }
func (q *queue) Case(c *app.Case) error                     { return q.add(record{cas: c}) }
func (q *queue) Event(e *app.CaseEvent) error               { return q.add(record{event: e}) }
func (q *queue) Notice(n *app.Notice) error                 { return q.add(record{notice: n}) }
func (q *queue) Appointment(a *app.Appointment) error       { return q.add(record{appt: a}) }
func (q *queue) Message(m *app.Message) error               { return q.add(record{message: m}) }
func (q *queue) Setting(k, v string) error                  { return q.add(record{key: k, value: v}) }
func (q *queue) ProcessingTime(p *app.ProcessingTime) error { return q.add(record{pt: p}) }
