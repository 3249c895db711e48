package notice

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/assets"
)

// englishOnly are the documents CaseDesk prints for the clinic and its
// staff, always in English: their words need no translation.
var englishOnly = []string{"StaffPassword", "RecoveryKey", "FunderReport"}

// message is a literal passed to a translation function: T's message, or
// N's two English forms.
type message struct {
	at         string // file:line
	key, other string // other: N's plural form; empty for T
}

// noticeMessages lists every literal app/notice passes to T or N (p.T,
// l.T, i18n.T …), outside the English-only documents. A call whose
// message is not a literal is reported, since no test could check it.
func noticeMessages(t *testing.T) []message {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []message
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || slices.Contains(englishOnly, receiver(fn)) {
				continue
			}
			if receiver(fn) == "page" && (fn.Name.Name == "T" || fn.Name.Name == "N") {
				continue // the page's own T and N pass their callers' messages on
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N") {
					return true
				}
				at := fset.Position(call.Pos()).String()
				lit := func(i int) string {
					if i >= len(call.Args) {
						return ""
					}
					b, ok := call.Args[i].(*ast.BasicLit)
					if !ok || b.Kind != token.STRING {
						t.Errorf("%s: %s's message is not a literal, so no test can check its translation", at, sel.Sel.Name)
						return ""
					}
					s, _ := strconv.Unquote(b.Value)
					return s
				}
				if sel.Sel.Name == "T" {
					out = append(out, message{at: at, key: lit(0)})
				} else {
					out = append(out, message{at: at, key: lit(1), other: lit(2)})
				}
				return true
			})
		}
	}
	return out
}

// receiver is the type name of fn's receiver, or "".
func receiver(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return ""
	}
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// catalog reads a translation file's messages: a string, or plural forms.
func catalog(t *testing.T, tag string) map[string]json.RawMessage {
	t.Helper()
	b, err := fs.ReadFile(assets.Translations, tag+".json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Messages map[string]json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	return c.Messages
}

// verbRE matches a fmt verb, with any flags, width, precision or argument index.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.\d+)?[a-zA-Z%]`)

// verbs lists s's fmt verbs, without argument indexes, sorted: a
// translation may put the arguments in another order, not change them.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
	}
	slices.Sort(out)
	return out
}

func TestEveryNoticeMessageHasASpanishTranslation(t *testing.T) {
	es := catalog(t, "es")
	msgs := noticeMessages(t)
	if len(msgs) < 100 {
		t.Fatalf("found only %d messages in app/notice; is the parse looking at the right files?", len(msgs))
	}
	for _, m := range msgs {
		raw, ok := es[m.key]
		if !ok {
			t.Errorf("%s: no Spanish translation for %q", m.at, m.key)
			continue
		}
		if m.other == "" {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil || s == "" {
				t.Errorf("%s: the Spanish for %q is not a text", m.at, m.key)
				continue
			}
			if got, want := verbs(s), verbs(m.key); !slices.Equal(got, want) {
				t.Errorf("%s: %q has the verbs %v, its Spanish %q has %v", m.at, m.key, want, s, got)
			}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(raw, &forms); err != nil || forms["one"] == "" || forms["other"] == "" {
			t.Errorf("%s: the Spanish for %q needs its plural forms \"one\" and \"other\"", m.at, m.key)
			continue
		}
		for form, s := range forms {
			want := verbs(m.other)
			if form == "one" {
				want = verbs(m.key)
			}
			if got := verbs(s); !slices.Equal(got, want) {
				t.Errorf("%s: %q (%s) has the verbs %v, its Spanish %q has %v", m.at, m.key, form, want, s, got)
			}
		}
	}
}

// Notices print words from outside app/notice too: what to bring to an
// appointment, and the status titles. Each has its Spanish.
func TestNoticeWordsFromTheAppHaveSpanish(t *testing.T) {
	es := i18n.In("es")
	for _, k := range []app.AppointmentKind{"", app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath} {
		for _, b := range app.WhatToBringIn(english(), k) {
			if !es.Has(b) {
				t.Errorf("what to bring: no Spanish for %q", b)
			}
		}
	}
	if !es.Has("%s at %s") {
		t.Errorf("no Spanish for %q, an appointment's date and time", "%s at %s")
	}
	for _, st := range app.Statuses() {
		if st.TitleES == "" {
			t.Errorf("status %s has no Spanish title", st.Code)
		} else if got, want := st.PrintedTitle(es), st.TitleES+" ("+st.Title+")"; got != want {
			t.Errorf("status %s prints as %q on a Spanish notice, want %q", st.Code, got, want)
		}
		if got := st.PrintedTitle(english()); got != st.Title {
			t.Errorf("status %s prints as %q on an English notice", st.Code, got)
		}
	}
}
