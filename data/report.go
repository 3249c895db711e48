package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	hexpkg "encoding/hex"
	"math/bits"

	"casedesk/app/desk"
)

// The report's counting reads each table once for all the spans asked
// (a year's twelve months and the year itself): the rows of the whole
// stretch are fetched through the indexes of migration 0010 and each is
// counted in every span it falls in. Times and dates are compared as the
// store keeps them, as text, which sorts as they do.

// spanBounds are a span's edges as the store writes them.
type spanBounds struct{ from, to, fromAt, toAt string }

func bounds(spans []desk.Span) (each []spanBounds, all spanBounds) {
	for i, s := range spans {
		b := spanBounds{s.From.ISO(), s.To.ISO(), formatTime(s.FromAt), formatTime(s.ToAt)}
		each = append(each, b)
		if i == 0 {
			all = b
			continue
		}
		all.from, all.fromAt = min(all.from, b.from), min(all.fromAt, b.fromAt)
		all.to, all.toAt = max(all.to, b.to), max(all.toAt, b.toAt)
	}
	return each, all
}

// SpanCounts counts the clients served, the cases received and the audit
// rows of action printed in each span. People are numbered as they are
// met, and each span's clients served are a set of those numbers (a bit
// each): a year of a large clinic's status events is a quarter of a
// million rows, and this keeps their counting to a few bit operations.
func (s *Store) SpanCounts(ctx context.Context, spans []desk.Span, printed string) ([]desk.SpanCounts, error) {
	out := make([]desk.SpanCounts, len(spans))
	if len(spans) == 0 {
		return out, nil
	}
	each, all := bounds(spans)
	people := map[idKey]int32{}
	number := func(id []byte) int32 {
		k := keyOf(id)
		if n, ok := people[k]; ok {
			return n
		}
		n := int32(len(people))
		people[k] = n
		return n
	}
	served := make([]bitset, len(spans))
	// in calls fn with the index of every span that holds at, a date
	// (onDate) or a time.
	in := func(at []byte, onDate bool, fn func(i int)) {
		for i, b := range each {
			lo, hi := b.fromAt, b.toAt
			if onDate {
				lo, hi = b.from, b.to
			}
			if string(at) >= lo && string(at) < hi {
				fn(i)
			}
		}
	}
	// The people of every case, numbered, for the status events to name.
	type casePeople [3]int32 // applicant, petitioner, beneficiary; -1 for none
	cases := map[idKey]casePeople{}
	err := s.eachRaw(ctx, `SELECT id, applicant_id, coalesce(petitioner_id, ''), coalesce(beneficiary_id, '') FROM cases`, nil,
		func(v []sql.RawBytes) {
			cp := casePeople{-1, -1, -1}
			for j := range 3 {
				if len(v[j+1]) > 0 {
					cp[j] = number(v[j+1])
				}
			}
			cases[keyOf(v[0])] = cp
		})
	if err != nil {
		return nil, err
	}
	reads := []struct {
		query string
		args  []any
		use   func(v []sql.RawBytes)
	}{
		{`SELECT created_at, id FROM people WHERE staff = 0 AND created_at >= ? AND created_at < ?`,
			[]any{all.fromAt, all.toAt}, func(v []sql.RawBytes) {
				n := number(v[1])
				in(v[0], false, func(i int) { served[i].set(n) })
			}},
		{`SELECT starts_at, person_id FROM appointments WHERE starts_at >= ? AND starts_at < ? AND status != 'cancelled'`,
			[]any{all.fromAt, all.toAt}, func(v []sql.RawBytes) {
				n := number(v[1])
				in(v[0], false, func(i int) { served[i].set(n) })
			}},
		{`SELECT event_date, case_id FROM case_events WHERE event_date >= ? AND event_date < ?`,
			[]any{all.from, all.to}, func(v []sql.RawBytes) {
				cp, ok := cases[keyOf(v[1])]
				if !ok {
					return
				}
				in(v[0], true, func(i int) {
					for _, n := range cp {
						if n >= 0 {
							served[i].set(n)
						}
					}
				})
			}},
		{`SELECT received_date FROM cases WHERE received_date >= ? AND received_date < ?`,
			[]any{all.from, all.to}, func(v []sql.RawBytes) { in(v[0], true, func(i int) { out[i].NewCases++ }) }},
		{`SELECT at FROM audit_events WHERE action = ? AND at >= ? AND at < ?`,
			[]any{printed, all.fromAt, all.toAt}, func(v []sql.RawBytes) { in(v[0], false, func(i int) { out[i].NoticesPrinted++ }) }},
	}
	for _, r := range reads {
		if err := s.eachRaw(ctx, r.query, r.args, r.use); err != nil {
			return nil, err
		}
	}
	// A case's applicant is a client; a staff member's own row never is,
	// and the people added are read with staff = 0: only the appointments
	// could name a staff row, which the desk never makes.
	for i := range out {
		out[i].ClientsServed = served[i].count()
	}
	return out, nil
}

// idKey is a row's id as 16 bytes: the UUID the store gives every row,
// or for any other id (none is made so) a hash of it. Hashing and comparing
// 16 bytes is a good part faster than 36 characters a quarter of a million
// times.
type idKey [16]byte

func keyOf(id []byte) idKey {
	var k idKey
	if len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-' {
		var hex [32]byte
		copy(hex[0:8], id[0:8])
		copy(hex[8:12], id[9:13])
		copy(hex[12:16], id[14:18])
		copy(hex[16:20], id[19:23])
		copy(hex[20:32], id[24:36])
		// The letters are lower case, and each id is written one way only.
		if _, err := hexpkg.Decode(k[:], hex[:]); err == nil {
			return k
		}
	}
	sum := sha256.Sum256(id)
	copy(k[:], sum[:16])
	return k
}

// bitset is a set of small numbers.
type bitset []uint64

func (b *bitset) set(n int32) {
	w := int(n) / 64
	for len(*b) <= w {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (uint(n) % 64)
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// eachRaw runs query and calls fn with each row's columns as raw bytes,
// valid only during the call.
func (s *Store) eachRaw(ctx context.Context, query string, args []any, fn func([]sql.RawBytes)) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return mapErr(err)
	}
	v := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range v {
		dest[i] = &v[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return mapErr(err)
		}
		fn(v)
	}
	return mapErr(rows.Err())
}

// CaseStatusAt groups the cases with a status event dated before the
// span's end by form and by the status of their latest such event (by
// date, then by when it was recorded, as a case's history is ordered). A
// case's own status is its latest event's (RecordStatus keeps it so): only
// the cases whose status is dated at or after the span's end look back
// through their events.
func (s *Store) CaseStatusAt(ctx context.Context, sp desk.Span) ([]desk.FormStatusCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT form_type, status_code, status_date >= ?1, count(*)
		FROM cases WHERE status_date < ?2 GROUP BY 1, 2, 3
		UNION ALL
		SELECT c.form_type, e.status_code, e.event_date >= ?1, count(*)
		FROM cases c JOIN case_events e ON e.id = (SELECT id FROM case_events
			WHERE case_id = c.id AND event_date < ?2 ORDER BY event_date DESC, created_at DESC, id DESC LIMIT 1)
		WHERE c.status_date >= ?2 GROUP BY 1, 2, 3`, sp.From.ISO(), sp.To.ISO())
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.FormStatusCount
	for rows.Next() {
		var g desk.FormStatusCount
		if err := rows.Scan(&g.Form, &g.Status, &g.InSpan, &g.Cases); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, g)
	}
	return out, mapErr(rows.Err())
}
