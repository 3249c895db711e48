package data

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
)

// Clients are the people rows with staff = 0: no query here returns a
// staff member's own row.

var (
	clientPeople  = strings.ReplaceAll(personColumns, "$", "p.")
	clientColumns = clientPeople + `, p.assigned_to`
)

// withExtra scans a row's trailing columns into extra after the ones the
// caller asks for, so scanPerson reads a person with more beside it.
type withExtra struct {
	r     scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra...)...) }

func (s *Store) scanClient(r scanner) (desk.Client, error) {
	var c desk.Client
	p, err := s.scanPerson(withExtra{r, []any{&c.AssignedTo}})
	if err != nil {
		return desk.Client{}, err
	}
	c.Person = p
	return c, nil
}

// Client returns a client and whom they are assigned to.
func (s *Store) Client(ctx context.Context, personID string) (desk.Client, error) {
	return s.scanClient(s.db.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM people p WHERE p.id = ? AND p.staff = 0`, personID))
}

// ClientByANumber finds the client with the A-number, through its keyed hash.
func (s *Store) ClientByANumber(ctx context.Context, a app.ANumber) (app.Person, error) {
	if s.sealer == nil {
		return app.Person{}, ErrNoKey
	}
	return s.scanPerson(s.db.QueryRowContext(ctx, `SELECT `+clientPeople+` FROM people p
		WHERE p.a_number_mac = ? AND p.staff = 0`, s.sealer.MAC(aNumberPurpose, string(a))))
}

// AccountByNumber finds a client's account by its online account number;
// a staff account is not a client's (app.ErrNotFound).
func (s *Store) AccountByNumber(ctx context.Context, n app.AccountNumber) (app.Account, error) {
	return scanAccount(s.db.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts
		WHERE account_number = ? AND role = 'applicant'`, string(n)))
}

// ClientsAssignedTo lists the clients assigned to a staff member, by name.
func (s *Store) ClientsAssignedTo(ctx context.Context, accountID string, limit int) ([]app.Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+clientPeople+` FROM people p
		WHERE p.assigned_to = ? AND p.assigned_to != '' AND p.staff = 0
		ORDER BY p.family_name, p.given_name LIMIT ?`, accountID, listLimit(limit))
	return s.people(rows, err)
}

// RecentClients lists the clients most recently added or changed.
func (s *Store) RecentClients(ctx context.Context, limit int) ([]app.Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+clientPeople+` FROM people p
		WHERE p.staff = 0 ORDER BY p.updated_at DESC, p.id DESC LIMIT ?`, listLimit(limit))
	return s.people(rows, err)
}

// maxDuplicateCandidates bounds the people whose names share p's words
// that LikelyDuplicates opens to compare dates of birth.
const maxDuplicateCandidates = 1000

// LikelyDuplicates finds clients other than p.ID with the same folded full
// name and date of birth, or the same A-number. Names are found through
// the search index (every word of p's name, as a whole word) and the
// dates of birth of only those are opened; an A-number through its keyed
// hash.
func (s *Store) LikelyDuplicates(ctx context.Context, p app.Person) ([]app.Person, error) {
	var out []app.Person
	seen := map[string]bool{p.ID: true}
	if p.ANumber != "" {
		same, err := s.ClientByANumber(ctx, p.ANumber)
		switch {
		case err == nil && !seen[same.ID]:
			seen[same.ID] = true
			out = append(out, same)
		case err != nil && !errors.Is(err, app.ErrNotFound):
			return nil, err
		}
	}
	name := app.NameKey(p.FullName())
	words := strings.Fields(app.FoldName(p.FullName()))
	if name == "" || p.DateOfBirth.IsZero() || len(words) == 0 {
		return out, nil
	}
	// Candidates share the first letters of the first word of the name and
	// the whole folded name (other names may follow it); the date of birth
	// is sealed, so it is compared below.
	folded := app.FoldName(p.FullName())
	rows, err := s.db.QueryContext(ctx, `SELECT `+clientPeople+`
		FROM (SELECT person_id FROM name_prefixes WHERE prefix = ? AND (name = ? OR substr(name, 1, ?) = ?) LIMIT ?) f
		JOIN people p ON p.id = f.person_id
		WHERE p.staff = 0 AND p.id != ?`, firstRunes(words[0], prefixLen), folded, utf8.RuneCountInString(folded)+1, folded+" ", maxDuplicateCandidates, p.ID)
	candidates, err := s.people(rows, err)
	if err != nil {
		return nil, err
	}
	for _, c := range candidates {
		if !seen[c.ID] && app.NameKey(c.FullName()) == name && c.DateOfBirth.ISO() == p.DateOfBirth.ISO() {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// checkAssignee refuses to assign a client to anyone but a staff member.
func checkAssignee(ctx context.Context, tx *sql.Tx, accountID string) error {
	if accountID == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE id = ? AND `+isStaff, accountID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: a client is assigned only to a staff member", app.ErrConflict)
	}
	return nil
}

// CreateClient stores a new client (assigning c.ID), indexes the name for
// search and audits it. app.ErrAlreadyExists when the A-number is another
// client's.
func (s *Store) CreateClient(ctx context.Context, c *desk.Client, e app.AuditEvent) error {
	if c.ID == "" {
		c.ID = newID()
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.stampOr(e.At)
	}
	if c.Language == "" {
		c.Language = "en"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkAssignee(ctx, tx, c.AssignedTo); err != nil {
			return err
		}
		if err := insertPersonRow(ctx, tx, s.sealer, &c.Person, personRow{assignedTo: c.AssignedTo}); err != nil {
			return err
		}
		if err := indexName(ctx, tx, &c.Person); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, c.ID)
	})
}

// personDetails is how person_history keeps a people row: its columns,
// the sealed one as hex, still sealed.
type personDetails struct {
	GivenName      string `json:"given_name"`
	MiddleName     string `json:"middle_name"`
	FamilyName     string `json:"family_name"`
	OtherNames     string `json:"other_names"`
	Sealed         string `json:"sealed"`
	CountryOfBirth string `json:"country_of_birth"`
	Line1          string `json:"address_line1"`
	Line2          string `json:"address_line2"`
	City           string `json:"city"`
	State          string `json:"state"`
	ZIP            string `json:"zip"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	Language       string `json:"language"`
	CreatedAt      string `json:"created_at"`
	UpdatedAt      string `json:"updated_at"`
}

// keepEarlier copies a client's row into person_history, in SQL, so the
// sealed fields are never opened on the way.
const keepEarlier = `INSERT INTO person_history (id, person_id, details, assigned_to, changed_by, changed_at)
	SELECT ?, id, json_object('given_name', given_name, 'middle_name', middle_name, 'family_name', family_name,
		'other_names', other_names, 'sealed', hex(sealed), 'country_of_birth', country_of_birth,
		'address_line1', address_line1, 'address_line2', address_line2, 'city', city, 'state', state, 'zip', zip,
		'phone', phone, 'email', email, 'language', language, 'created_at', created_at, 'updated_at', updated_at),
		assigned_to, ?, ?
	FROM people WHERE id = ? AND staff = 0`

// keepEarlierPG is keepEarlier in PostgreSQL's words, with the same JSON.
const keepEarlierPG = `INSERT INTO person_history (id, person_id, details, assigned_to, changed_by, changed_at)
	SELECT ?, id, json_build_object('given_name', given_name, 'middle_name', middle_name, 'family_name', family_name,
		'other_names', other_names, 'sealed', coalesce(upper(encode(sealed, 'hex')), ''), 'country_of_birth', country_of_birth,
		'address_line1', address_line1, 'address_line2', address_line2, 'city', city, 'state', state, 'zip', zip,
		'phone', phone, 'email', email, 'language', language, 'created_at', created_at, 'updated_at', updated_at)::text,
		assigned_to, ?, ?
	FROM people WHERE id = ? AND staff = 0`

// UpdateClient replaces a client's details and assignment, keeping the
// earlier ones in the person's history, re-indexing the name when it
// changed, with the audit row. app.ErrNotFound for no such client;
// app.ErrAlreadyExists when the A-number is another client's.
func (s *Store) UpdateClient(ctx context.Context, c desk.Client, e app.AuditEvent) error {
	at := formatTime(s.stampOr(e.At))
	if c.Language == "" {
		c.Language = "en"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkAssignee(ctx, tx, c.AssignedTo); err != nil {
			return err
		}
		if err := s.updateClient(ctx, tx, tx, &c, e.ActorID, at); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, c.ID)
	})
}

// updateClient replaces the client's row (keeping the earlier one in its
// history) and re-indexes the name when it changed, in a transaction that
// reads through q and writes through w (the same one, or the import's
// prepared statements over it).
func (s *Store) updateClient(ctx context.Context, q *sql.Tx, w execer, c *desk.Client, by, at string) error {
	old := app.Person{ID: c.ID}
	if err := q.QueryRowContext(ctx, `SELECT given_name, middle_name, family_name, other_names FROM people
		WHERE id = ? AND staff = 0`, c.ID).Scan(&old.GivenName, &old.MiddleName, &old.FamilyName, &old.OtherNames); err != nil {
		return err
	}
	keep := keepEarlier
	if s.pg {
		keep = keepEarlierPG
	}
	if _, err := w.ExecContext(ctx, keep, newID(), by, at, c.ID); err != nil {
		return err
	}
	sealed, mac, err := seal(s.sealer, c.DateOfBirth, c.ANumber)
	if err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, `UPDATE people SET given_name = ?, middle_name = ?, family_name = ?, other_names = ?,
		sealed = ?, a_number_mac = ?, country_of_birth = ?, address_line1 = ?, address_line2 = ?, city = ?, state = ?,
		zip = ?, phone = ?, email = ?, language = ?, assigned_to = ?, updated_at = ? WHERE id = ?`,
		c.GivenName, c.MiddleName, c.FamilyName, c.OtherNames, sealed, mac, c.CountryOfBirth,
		c.Address.Line1, c.Address.Line2, c.Address.City, c.Address.State, string(c.Address.ZIP),
		c.Phone, c.Email, c.Language, c.AssignedTo, at, c.ID); err != nil {
		return err
	}
	if searchName(&old) != searchName(&c.Person) {
		return reindexPerson(ctx, w, &old, &c.Person)
	}
	return nil
}

// ClientHistory lists a client's earlier details, newest first.
func (s *Store) ClientHistory(ctx context.Context, personID string) ([]desk.ClientVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT details, assigned_to, changed_by, changed_at FROM person_history
		WHERE person_id = ? ORDER BY changed_at DESC, id DESC`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.ClientVersion
	for rows.Next() {
		var details, at string
		v := desk.ClientVersion{Client: desk.Client{Person: app.Person{ID: personID}}}
		if err := rows.Scan(&details, &v.AssignedTo, &v.ChangedBy, &at); err != nil {
			return nil, mapErr(err)
		}
		var d personDetails
		if err := json.Unmarshal([]byte(details), &d); err != nil {
			return nil, err
		}
		sealed, err := hex.DecodeString(d.Sealed)
		if err != nil {
			return nil, err
		}
		if len(sealed) == 0 {
			sealed = nil
		}
		p := &v.Person
		if p.DateOfBirth, p.ANumber, err = unseal(s.sealer, sealed); err != nil {
			return nil, err
		}
		p.GivenName, p.MiddleName, p.FamilyName, p.OtherNames = d.GivenName, d.MiddleName, d.FamilyName, d.OtherNames
		p.CountryOfBirth, p.Phone, p.Email, p.Language = d.CountryOfBirth, d.Phone, d.Email, d.Language
		p.Address = app.Address{Line1: d.Line1, Line2: d.Line2, City: d.City, State: d.State, ZIP: app.ZIP(d.ZIP)}
		p.CreatedAt, v.ChangedAt = parseTime(d.CreatedAt), parseTime(at)
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

// LiveAccessCode returns the expiry of the person's live access code: not
// redeemed, not revoked, not locked by wrong tries, expiring after now.
// app.ErrNotFound when there is none.
func (s *Store) LiveAccessCode(ctx context.Context, personID string, now time.Time) (time.Time, error) {
	var exp string
	err := s.db.QueryRowContext(ctx, `SELECT expires_at FROM access_codes
		WHERE person_id = ? AND redeemed_at = '' AND revoked_at = '' AND attempts < ? AND expires_at > ?
		ORDER BY expires_at DESC LIMIT 1`, personID, auth.MaxCodeAttempts, formatTime(now)).Scan(&exp)
	if err != nil {
		return time.Time{}, mapErr(err)
	}
	return parseTime(exp), nil
}
