package data

import (
	"context"
	"database/sql"
	"strings"

	"casedesk/app"
)

// personColumns lists the columns scanPerson reads; $ stands for a table alias.
const personColumns = `$id, $given_name, $middle_name, $family_name, $other_names,
	$sealed, $country_of_birth, $address_line1, $address_line2,
	$city, $state, $zip, $phone, $email, $language, $created_at`

var (
	selectPerson = `SELECT ` + strings.ReplaceAll(personColumns, "$", "") + ` FROM people WHERE id = ?`
	// searchPeople ranks name matches in the index first, then reads only those people.
	searchPeople = `SELECT ` + strings.ReplaceAll(personColumns, "$", "p.") + `
		FROM (SELECT person_id, rank FROM people_fts WHERE people_fts MATCH ? ORDER BY rank LIMIT ?) f
		JOIN people p ON p.id = f.person_id
		ORDER BY f.rank, p.family_name, p.given_name`
)

// CreatePerson stores p (assigning p.ID when empty) and indexes its names for search.
func (s *Store) CreatePerson(ctx context.Context, p *app.Person) error {
	if p.ID == "" {
		p.ID = newID()
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.now()
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return insertPerson(ctx, tx, s.sealer, p) })
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// querier is a database or a transaction, for reads that run in either.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// insertPerson stores a client and their search entry.
func insertPerson(ctx context.Context, tx execer, sl Sealer, p *app.Person) error {
	return insertPersonRow(ctx, tx, sl, p, personRow{})
}

// personRow is how a people row is kept beyond the person's details.
type personRow struct {
	staff      bool   // a staff member's own row: never a client, never searched
	assignedTo string // the staff account a client is assigned to
}

// insertPersonRow stores a person; every person, client or staff, is
// inserted here. Only a client gets a search entry.
func insertPersonRow(ctx context.Context, tx execer, sl Sealer, p *app.Person, r personRow) error {
	created := formatTime(p.CreatedAt)
	sealed, mac, err := seal(sl, p.DateOfBirth, p.ANumber)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO people (id, given_name, middle_name, family_name, other_names,
		sealed, a_number_mac, country_of_birth, address_line1, address_line2, city, state, zip,
		phone, email, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.GivenName, p.MiddleName, p.FamilyName, p.OtherNames, sealed, mac,
		p.CountryOfBirth, p.Address.Line1, p.Address.Line2,
		p.Address.City, p.Address.State, string(p.Address.ZIP), p.Phone, p.Email,
		p.Language, created, created)
	if err != nil {
		return err
	}
	// The columns' defaults make a plain client, as every person was before
	// there were staff rows; only the others need setting.
	if r != (personRow{}) {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET staff = ?, assigned_to = ? WHERE id = ?`, r.staff, r.assignedTo, p.ID); err != nil {
			return err
		}
	}
	if r.staff {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO people_fts (person_id, name) VALUES (?, ?)`, p.ID, searchName(p))
	return err
}

// searchName is the text the name index holds: every name the person uses, folded.
func searchName(p *app.Person) string {
	return app.FoldName(strings.Join([]string{p.GivenName, p.MiddleName, p.FamilyName, p.OtherNames}, " "))
}

type scanner interface{ Scan(dest ...any) error }

func (s *Store) scanPerson(r scanner) (app.Person, error) {
	var p app.Person
	var sealed []byte
	var zip, created string
	err := r.Scan(&p.ID, &p.GivenName, &p.MiddleName, &p.FamilyName, &p.OtherNames, &sealed,
		&p.CountryOfBirth, &p.Address.Line1, &p.Address.Line2, &p.Address.City,
		&p.Address.State, &zip, &p.Phone, &p.Email, &p.Language, &created)
	if err != nil {
		return app.Person{}, mapErr(err)
	}
	if p.DateOfBirth, p.ANumber, err = unseal(s.sealer, sealed); err != nil {
		return app.Person{}, err
	}
	p.Address.ZIP = app.ZIP(zip)
	p.CreatedAt = parseTime(created)
	return p, nil
}

// Person returns the person with the id, or app.ErrNotFound.
func (s *Store) Person(ctx context.Context, id string) (app.Person, error) {
	return s.scanPerson(s.db.QueryRowContext(ctx, selectPerson, id))
}

// SearchPeople finds people whose names start with every word of query,
// ignoring case and accents ("muno jos" finds José Muñoz), best matches
// first, at most limit of them.
func (s *Store) SearchPeople(ctx context.Context, query string, limit int) ([]app.Person, error) {
	match := ftsPrefixQuery(query)
	if match == "" {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, searchPeople, match, limit)
	return s.people(rows, err)
}

// AccountHoldersAtZIP finds the people with an account set up whose
// mailing ZIP code starts with zip5, at most limit. It takes no name: the
// caller compares names, so the work does not tell how many clients share
// the name someone typed.
func (s *Store) AccountHoldersAtZIP(ctx context.Context, zip5 string, limit int) ([]app.Person, error) {
	if zip5 == "" {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+strings.ReplaceAll(personColumns, "$", "p.")+`
		FROM accounts a CROSS JOIN people p ON p.id = a.person_id
		WHERE a.username IS NOT NULL AND p.staff = 0 AND substr(p.zip, 1, 5) = ?
		ORDER BY p.id LIMIT ?`, zip5, limit)
	return s.people(rows, err)
}

// people reads the rows of a people query.
func (s *Store) people(rows *sql.Rows, err error) ([]app.Person, error) {
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.Person
	for rows.Next() {
		p, err := s.scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapErr(rows.Err())
}

// ftsPrefixQuery turns typed words into an FTS5 query where each word is a
// quoted prefix: `"jos"* "muno"*`. Quoting keeps FTS5 syntax out of user input.
func ftsPrefixQuery(q string) string {
	words := strings.Fields(app.FoldName(q))
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
	}
	return strings.Join(words, " ")
}

// reindexPerson replaces a client's search entry after their names changed.
func reindexPerson(ctx context.Context, tx execer, p *app.Person) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM people_fts WHERE person_id = ?`, p.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO people_fts (person_id, name) VALUES (?, ?)`, p.ID, searchName(p))
	return err
}
