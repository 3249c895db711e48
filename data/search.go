package data

import (
	"context"
	"strings"
	"unicode/utf8"

	"casedesk/app"
)

// The name search keeps, in name_prefixes (migration 0009), the first one,
// two and three letters of each word of a client's folded names, keyed by
// (prefix, person). A search reads the rows of one prefix, newest person
// first, and stops at its limit: nothing ranks or sorts every match. Names
// are spread evenly over person ids, so the rows it reads before it has
// enough people are as many at 200,000 clients as at 50,000. (Reading a
// range of whole words in order instead, "and he" would pass every Hebert
// and Helen before the first Hernández, and more of them the larger the
// store.)

// prefixLen is the longest prefix kept. A longer typed word is looked up
// by its first prefixLen letters and then compared whole.
const prefixLen = 3

// insertNamePrefix adds one prefix of a person's names to the name search;
// one that two of the names share ("María Mariana") is kept once.
const insertNamePrefix = `INSERT INTO name_prefixes (prefix, person_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`

// indexName puts p's names in the name search. Only people indexed here
// are ever found by SearchPeople: a row of people stored without it (clinic
// staff) never is.
func indexName(ctx context.Context, tx execer, p *app.Person) error {
	name := searchName(p)
	seen := map[string]bool{}
	for _, w := range strings.Fields(name) {
		for n := 1; n <= prefixLen && n <= utf8.RuneCountInString(w); n++ {
			pre := firstRunes(w, n)
			if seen[pre] {
				continue
			}
			seen[pre] = true
			if _, err := tx.ExecContext(ctx, insertNamePrefix, pre, p.ID, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// searchName is every name the person uses, folded: single-spaced words of
// letters and digits.
func searchName(p *app.Person) string {
	return app.FoldName(strings.Join([]string{p.GivenName, p.MiddleName, p.FamilyName, p.OtherNames}, " "))
}

// firstRunes is the first n letters of w (SQLite's substr counts the same way).
func firstRunes(w string, n int) string {
	for i := range w {
		if n == 0 {
			return w[:i]
		}
		n--
	}
	return w
}

// SearchPeople finds people one of whose names starts with each word of
// query, ignoring case and accents ("muno jos" finds José Muñoz), at most
// limit of them, in the order of their ids, newest first (ids are
// time-ordered): the same every time.
func (s *Store) SearchPeople(ctx context.Context, query string, limit int) ([]app.Person, error) {
	words := strings.Fields(app.FoldName(query))
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	q, args := searchQuery(words, limit, s.pg)
	rows, err := s.db.QueryContext(ctx, q, args...)
	return s.people(rows, err)
}

// searchQuery is SearchPeople's query for the typed words. The lead word
// picks the rows read: the longest, so that its prefix is full-length if
// any is, as such a prefix starts the fewest names. A word longer than its
// prefix, and every other word, is then looked for in the whole name.
// SQLite reads the prefix rows first because of the CROSS JOIN; PostgreSQL
// plans the same order itself and has its own name for instr.
func searchQuery(words []string, limit int, pg bool) (string, []any) {
	join, instr := "CROSS JOIN", "instr(' ' || k.name, ?)"
	if pg {
		join, instr = "JOIN", "strpos(' ' || k.name, ?)"
	}
	lead := 0
	for i, w := range words {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(words[lead]) {
			lead = i
		}
	}
	conds, args := []string{`k.prefix = ?`}, []any{firstRunes(words[lead], prefixLen)}
	for i, w := range words {
		if i != lead || utf8.RuneCountInString(w) > prefixLen {
			conds = append(conds, instr+` > 0`)
			args = append(args, " "+w)
		}
	}
	return `SELECT ` + strings.ReplaceAll(personColumns, "$", "p.") + `
		FROM name_prefixes k ` + join + ` people p ON p.id = k.person_id
		WHERE ` + strings.Join(conds, " AND ") + `
		ORDER BY k.person_id DESC LIMIT ?`, append(args, limit)
}
