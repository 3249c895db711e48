// Package i18n is CaseDesk's translation. Every string a person reads goes
// through T (or N when it counts something), keyed by its English text, so
// another language is a catalog file in assets/translations and not a code
// change.
//
// Two languages can be in use at once: the screen's (Current, chosen by each
// visitor on the welcome screen) and a notice's, which is its person's
// language whatever the screen shows (In).
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"casedesk/assets"
)

// English is the language the code is written in; it needs no catalog.
const English = "en"

// Lang is one language's catalog: its messages, plural forms and dates.
// The zero of a message is its English text.
type Lang struct {
	tag   string
	name  string
	ptag  language.Tag // for the plural rules
	msgs  map[string]message
	dates dates
}

// message is one translation: text, or a plural message's forms by CLDR
// category (one, other, and few, many … for languages that have them).
type message struct {
	text  string
	forms map[string]string
}

// UnmarshalJSON takes either a string or an object of plural forms.
func (m *message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, &m.forms)
	}
	return json.Unmarshal(b, &m.text)
}

// dates is how a language writes a date and a time of day.
type dates struct {
	Months   []string `json:"months"`   // January … December
	Long     string   `json:"long"`     // {day} {month} {year}: "November 20, 2026"
	DayMonth string   `json:"dayMonth"` // without the year: "November 20"
	Time     string   `json:"time"`     // a Go layout: "3:04 PM"
}

// catalog is the file format: assets/translations/<tag>.json.
type catalog struct {
	Tag      string             `json:"tag"`
	Name     string             `json:"name"`
	Dates    dates              `json:"dates"`
	Messages map[string]message `json:"messages"`
}

var english = &Lang{tag: English, name: "English", ptag: language.English, dates: dates{
	Months: []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	Long: "{month} {day}, {year}", DayMonth: "{month} {day}", Time: "3:04 PM",
}}

var (
	mu       sync.RWMutex
	current  = english
	fallback = English // the language a visitor's choice returns to
	loaded   = map[string]*Lang{English: english}
	catalogs = assets.Translations
)

// T translates msg into the current language and, when args are given,
// formats it with fmt.Sprintf. A message with no translation is shown in English.
func T(msg string, args ...any) string { return Current().T(msg, args...) }

// N is the message for a count of n in the current language: one is its
// English singular (the catalog's key) and other its English plural. With
// no args it is formatted with n.
func N(n int, one, other string, args ...any) string { return Current().N(n, one, other, args...) }

// Current is the language the screens are shown in.
func Current() *Lang {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// Language reports the current language's tag ("en", "es" …).
func Language() string { return Current().tag }

// Use switches the screens to the language tag. A tag with no catalog is an
// error and leaves the language as it was.
func Use(tag string) error {
	l, err := load(tag)
	if err != nil {
		return err
	}
	mu.Lock()
	current = l
	mu.Unlock()
	return nil
}

// SetDefault makes tag the language Reset returns to (the clinic's default
// at a kiosk, the person's last choice on their own computer) and switches
// to it.
func SetDefault(tag string) error {
	l, err := load(tag)
	if err != nil {
		return err
	}
	mu.Lock()
	current, fallback = l, l.tag
	mu.Unlock()
	return nil
}

// Reset returns the screens to the default language, after a visitor leaves.
func Reset() {
	mu.RLock()
	tag := fallback
	mu.RUnlock()
	_ = Use(tag) // the default was loaded when it was set
}

// Default reports the tag Reset returns to.
func Default() string {
	mu.RLock()
	defer mu.RUnlock()
	return fallback
}

// In is the language tag's catalog, English when there is none: a notice
// is printed in its person's language when CaseDesk has it, else in English.
func In(tag string) *Lang {
	l, err := load(tag)
	if err != nil {
		return english
	}
	return l
}

// Has reports whether CaseDesk has the language tag.
func Has(tag string) bool {
	_, err := load(tag)
	return err == nil
}

// Info names a language CaseDesk has.
type Info struct {
	Tag  string // "es"
	Name string // in its own language: "Español"
}

// Languages lists English and every language with a catalog, English first
// and the rest by tag. Only each catalog's tag and name are read (the
// welcome screen lists them before anyone chooses); a catalog whose head
// does not read is left out, and one broken further on is refused by Use.
func Languages() []Info {
	out := []Info{{Tag: English, Name: english.name}}
	ents, _ := fs.ReadDir(catalogs, ".")
	var tags []string
	for _, e := range ents {
		if tag, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() && tag != English {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	for _, tag := range tags {
		if info, ok := head(tag); ok {
			out = append(out, info)
		}
	}
	return out
}

// head reads a catalog's tag and name, or takes them from the catalog
// already loaded.
func head(tag string) (Info, bool) {
	mu.RLock()
	l, ok := loaded[tag]
	mu.RUnlock()
	if ok {
		return Info{Tag: l.tag, Name: l.name}, true
	}
	b, err := fs.ReadFile(catalogs, tag+".json")
	if err != nil || !validTag(tag) {
		return Info{}, false
	}
	var h struct {
		Tag  string `json:"tag"`
		Name string `json:"name"`
	}
	if json.Unmarshal(b, &h) != nil || h.Tag != tag || h.Name == "" {
		return Info{}, false
	}
	return Info{Tag: h.Tag, Name: h.Name}, true
}

// ErrNoLanguage is the error of a language CaseDesk has no catalog for.
var ErrNoLanguage = errors.New("no translation")

// load reads and checks the catalog of tag once.
func load(tag string) (*Lang, error) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" {
		tag = English
	}
	mu.RLock()
	l, ok := loaded[tag]
	mu.RUnlock()
	if ok {
		return l, nil
	}
	l, err := Parse(catalogs, tag)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	loaded[tag] = l
	mu.Unlock()
	return l, nil
}

// Parse reads "<tag>.json" from fsys and checks it is a whole catalog: its
// tag matches its name, it names itself, and its dates have twelve months
// and the placeholders they need.
func Parse(fsys fs.FS, tag string) (*Lang, error) {
	if !validTag(tag) {
		return nil, fmt.Errorf("%w for %q: a language is two or three letters, like es", ErrNoLanguage, tag)
	}
	b, err := fs.ReadFile(fsys, tag+".json")
	if err != nil {
		return nil, fmt.Errorf("%w for %q: %w", ErrNoLanguage, tag, err)
	}
	var c catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("translation %s.json is not valid: %w", tag, err)
	}
	switch {
	case c.Tag != tag:
		return nil, fmt.Errorf("translation %s.json says its tag is %q", tag, c.Tag)
	case c.Name == "":
		return nil, fmt.Errorf("translation %s.json has no name", tag)
	case len(c.Dates.Months) != 12:
		return nil, fmt.Errorf("translation %s.json has %d month names, not 12", tag, len(c.Dates.Months))
	case !strings.Contains(c.Dates.Long, "{day}") || !strings.Contains(c.Dates.Long, "{month}") || !strings.Contains(c.Dates.Long, "{year}"):
		return nil, fmt.Errorf("translation %s.json: dates.long needs {day}, {month} and {year}", tag)
	case !strings.Contains(c.Dates.DayMonth, "{day}") || !strings.Contains(c.Dates.DayMonth, "{month}"):
		return nil, fmt.Errorf("translation %s.json: dates.dayMonth needs {day} and {month}", tag)
	case c.Dates.Time == "":
		return nil, fmt.Errorf("translation %s.json has no dates.time", tag)
	}
	// A tag the plural rules do not know counts every number as "other".
	return &Lang{tag: tag, name: c.Name, ptag: language.Make(tag), msgs: c.Messages, dates: c.Dates}, nil
}

func validTag(tag string) bool {
	if len(tag) < 2 || len(tag) > 3 {
		return false
	}
	for _, r := range tag {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// Tag is the language's tag ("es").
func (l *Lang) Tag() string { return l.tag }

// Name is the language's name in itself ("Español").
func (l *Lang) Name() string { return l.name }

// Has reports whether the language has its own text for msg; English has
// every message.
func (l *Lang) Has(msg string) bool {
	if l.tag == English {
		return true
	}
	m, ok := l.msgs[msg]
	return ok && (m.text != "" || len(m.forms) > 0)
}

// T translates msg and, when args are given, formats it with fmt.Sprintf.
// A message with no translation is English.
func (l *Lang) T(msg string, args ...any) string {
	if m, ok := l.msgs[msg]; ok && m.text != "" {
		msg = m.text
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N is the message for a count of n: one and other are the English
// singular (the key) and plural; the catalog gives the language's forms by
// its plural rules. With no args it is formatted with n.
func (l *Lang) N(n int, one, other string, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	msg := other
	if n == 1 || n == -1 {
		msg = one
	}
	if m, ok := l.msgs[one]; ok && len(m.forms) > 0 {
		if f := m.forms[l.form(n)]; f != "" {
			msg = f
		} else if f := m.forms["other"]; f != "" {
			msg = f
		}
	}
	return fmt.Sprintf(msg, args...)
}

// form is the CLDR plural category of the whole number n.
func (l *Lang) form(n int) string {
	if n < 0 {
		n = -n
	}
	switch plural.Cardinal.MatchPlural(l.ptag, n, 0, 0, 0, 0) {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// Date writes t's calendar date in full: "November 20, 2026", "20 de
// noviembre de 2026". The zero time is "".
func (l *Lang) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.fill(l.dates.Long, t)
}

// DayMonth writes t's day and month without the year: "November 20".
func (l *Lang) DayMonth(t time.Time) string { return l.fill(l.dates.DayMonth, t) }

// Time writes t's time of day: "3:04 PM", "15:04".
func (l *Lang) Time(t time.Time) string { return t.Format(l.dates.Time) }

func (l *Lang) fill(layout string, t time.Time) string {
	return strings.NewReplacer("{day}", fmt.Sprint(t.Day()), "{month}", l.dates.Months[t.Month()-1],
		"{year}", fmt.Sprint(t.Year())).Replace(layout)
}

// Messages lists the keys the language translates, for the tests that
// check a catalog is whole.
func (l *Lang) Messages() []string {
	out := make([]string, 0, len(l.msgs))
	for k := range l.msgs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Forms is a plural message's forms by category; nil for a plain message.
func (l *Lang) Forms(msg string) map[string]string { return l.msgs[msg].forms }

// Text is a plain message's translation; "" when there is none.
func (l *Lang) Text(msg string) string { return l.msgs[msg].text }

// Categories lists the plural categories the language's rules use for
// whole numbers, for the test that each plural message has them all.
func (l *Lang) Categories() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n int) {
		if f := l.form(n); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for n := 0; n <= 200; n++ {
		add(n)
	}
	// Some rules single out round numbers.
	for n := 1000; n <= 10_000_000; n *= 10 {
		add(n)
	}
	sort.Strings(out)
	return out
}
