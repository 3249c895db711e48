package home

import (
	"context"
	"fmt"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/packet"
)

// tries are a packet's code tries: counted by a keyed hash of the packet's
// id, before the key is derived, with the limit in the same transaction,
// so that of many tries at once no more than MaxTries are ever compared.
// A try that opens the packet is given back: only wrong tries count.
type tries struct {
	p   *Packets
	key string
	n   int
}

// takeTry counts a try of h's code; auth.ErrCodeLocked when none is left.
func (p *Packets) takeTry(ctx context.Context, h packet.Header) (*tries, error) {
	t := &tries{p: p, key: p.keys.MAC(throttleKind+" try", h.Packet)}
	var locked bool
	tally, err := p.store.UpdateThrottle(ctx, throttleKind, t.key, app.Take(p.now(), packetTries, &locked))
	if err != nil {
		return nil, err
	}
	if locked {
		return nil, auth.ErrCodeLocked
	}
	t.n = tally.Failures
	return t, nil
}

// giveBack returns the try of a code that opened the packet.
func (t *tries) giveBack(ctx context.Context) error {
	_, err := t.p.store.UpdateThrottle(ctx, throttleKind, t.key, app.GiveBack(MaxTries, 0))
	return err
}

// failed audits a wrong try (the last one as the lock) and returns its answer.
func (t *tries) failed(ctx context.Context, actor, packetID string, wrong func(left int) error) error {
	action := "packet.code_failed"
	if t.n >= MaxTries {
		action = "packet.code_locked"
	}
	if err := t.p.audit(ctx, actor, action, packetID, fmt.Sprintf("try %d", t.n)); err != nil {
		return err
	}
	if t.n >= MaxTries {
		return auth.ErrCodeLocked
	}
	return wrong(MaxTries - t.n)
}

// packetTries is an access code's rule: MaxTries wrong tries and the
// packet never opens here again.
func packetTries(t app.Tally) app.Tally {
	t.Failures++
	t.InRow++
	if t.Failures >= MaxTries {
		t.LockedUntil = app.Forever
	}
	return t
}
