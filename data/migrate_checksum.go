package data

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// serverChecksum counts and checksums t's rows on the server, in the same
// order and form as copyTable did the file's.
func serverChecksum(ctx context.Context, tx pgx.Tx, t migrationTable) (int64, string, error) {
	order := make([]string, len(t.pk))
	for i, c := range t.pk {
		q := pgx.Identifier{c}.Sanitize()
		switch t.types[slices.Index(t.cols, c)] {
		case "text", "varchar", "bpchar", "citext", "name":
			// Byte order, as SQLite's BINARY; citext would ignore case.
			q += `::text COLLATE "C"`
		}
		order[i] = q
	}
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		cols[i] = pgx.Identifier{c}.Sanitize()
	}
	rows, err := tx.Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+pgx.Identifier{t.name}.Sanitize()+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	h := newRowHasher()
	var n int64
	vals := make([]any, len(t.cols))
	for rows.Next() {
		raw, err := rows.Values()
		if err != nil {
			return 0, "", err
		}
		for i, v := range raw {
			if vals[i], err = fromServer(v); err != nil {
				return 0, "", fmt.Errorf("the column %s: %w", t.cols[i], err)
			}
		}
		h.row(vals)
		n++
	}
	return n, h.sum(), rows.Err()
}

// fromServer is a value pgx read in the types copySource sends.
func fromServer(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, []byte, int64, float64, bool:
		return x, nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case float32:
		return float64(x), nil
	}
	return nil, fmt.Errorf("an unexpected %T", v)
}

// rowHasher is a table's checksum: SHA-256 over its rows in primary key
// order, each value as a tag (its kind) and a length-prefixed canonical
// text (decimal integers, shortest round-trip floats, text and bytes as
// they are), so that no two different rows write the same bytes.
type rowHasher struct {
	h   hash.Hash
	buf []byte
}

func newRowHasher() *rowHasher { return &rowHasher{h: sha256.New()} }

func (r *rowHasher) row(vals []any) {
	b := r.buf[:0]
	for _, v := range vals {
		var tag byte
		var text []byte
		switch x := v.(type) {
		case nil:
			tag = 'N'
		case string:
			tag, text = 's', []byte(x)
		case []byte:
			tag, text = 'b', x
		case int64:
			tag, text = 'i', strconv.AppendInt(nil, x, 10)
		case float64:
			tag, text = 'f', strconv.AppendFloat(nil, x, 'g', -1, 64)
		case bool:
			tag, text = 'i', []byte("0")
			if x {
				text = []byte("1")
			}
		}
		b = append(b, tag)
		b = binary.AppendUvarint(b, uint64(len(text)))
		b = append(b, text...)
	}
	b = append(b, '\n')
	r.h.Write(b)
	r.buf = b
}

func (r *rowHasher) sum() string { return hex.EncodeToString(r.h.Sum(nil)) }
