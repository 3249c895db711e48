package ui

import (
	"context"
	"sync"

	"casedesk/app"
)

// tallies keeps throttle tallies in memory, as the store does in a table.
type tallies struct {
	mu sync.Mutex
	m  map[string]app.Tally
}

func (t *tallies) UpdateThrottle(_ context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]app.Tally{}
	}
	v := rule(t.m[kind+"\x00"+key])
	t.m[kind+"\x00"+key] = v
	return v, nil
}
