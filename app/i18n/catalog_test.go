package i18n_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"
)

// The applicant's side of CaseDesk: every message these files pass to the
// translation functions must have a Spanish translation. The clinic's desk
// (app/desk, ui/desk_*.go and the staff's set-up, restore, safe-files and kiosk
// screens) and the command line (ui/cli) stay in English; the notices
// (app/notice) are checked by their own test.
var (
	applicantDirs  = []string{"app", "app/auth", "app/demo", "app/household", "app/portal", "app/printing", "ui"}
	staffOnlyFiles = regexp.MustCompile(`^ui/(desk_.*|staffsetup|restore|safefiles|kiosk_card)\.go$`)
)

// dynamicKeys lists the call sites that translate a variable rather than a
// literal, each with where its keys come from. A new such call site fails
// TestSpanishCatalogCoversApplicantScreens until it is listed here, so its
// keys are checked too.
var dynamicKeys = map[string]func(t *testing.T) []string{
	// Status.Explanation: the statuses' plain-language meanings.
	"app/status.go:Explanation": func(*testing.T) []string {
		var keys []string
		for _, s := range app.Statuses() {
			keys = append(keys, s.Explain)
		}
		return keys
	},
	// Field.Label: the fields' names.
	"app/errors.go:Label": func(t *testing.T) []string { return tableStrings(t, "app/errors.go", "labels") },
	// Invalid and InvalidN translate the messages their callers pass
	// (collected as literals).
	"app/errors.go:Invalid":  nil,
	"app/errors.go:InvalidN": nil,
	// The appointments' kinds, on their cards.
	"ui/appointments.go:card": func(t *testing.T) []string { return tableStrings(t, "ui/appointments.go", "appointmentNames") },
	// The appointments' kinds, on a household's appointment form.
	"ui/household_forms.go:showApptForm": func(t *testing.T) []string { return tableStrings(t, "ui/appointments.go", "appointmentNames") },
	// The details of a sign-in, on the account tab.
	"ui/myaccount.go:signInDetail": func(t *testing.T) []string { return tableStrings(t, "ui/myaccount.go", "signInDetails") },
	// The titles of the forms CaseDesk knows, on the case cards and pages.
	"ui/cases.go:formTitle": func(*testing.T) []string {
		var keys []string
		for _, f := range app.Forms {
			keys = append(keys, f.Title)
		}
		return keys
	},
	// What the welcome screen counts.
	"ui/welcome.go:NewWelcome": func(t *testing.T) []string { return tableStrings(t, "ui/welcome.go", "countRows") },
}

// A key is one message the code asks to translate, and where.
type key struct {
	msg, other string // other: the English plural form, for i18n.N
	at         string // file:line
}

// catalog is es.json as a translator edits it.
type catalog struct {
	Tag      string                     `json:"tag"`
	Name     string                     `json:"name"`
	Dates    map[string]json.RawMessage `json:"dates"`
	Messages map[string]json.RawMessage `json:"messages"`
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func loadCatalog(t *testing.T, tag string) catalog {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "assets", "translations", tag+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var c catalog
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	return c
}

// forms returns a translation's forms: one for a plain message, one per
// plural category for a plural.
func forms(t *testing.T, k string, raw json.RawMessage) map[string]string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return map[string]string{"": s}
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Errorf("es.json: %q is neither a string nor plural forms: %v", k, err)
	}
	return m
}

// parseDir parses the Go files of dir (relative to the root) that the
// applicant sees (all of them when staff is true), leaving out tests.
func parseDir(t *testing.T, fset *token.FileSet, root, dir string, staff bool) map[string]*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, name := range names {
		rel := filepath.ToSlash(strings.TrimPrefix(name, root+string(filepath.Separator)))
		if strings.HasSuffix(rel, "_test.go") || (!staff && staffOnlyFiles.MatchString(rel)) {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files[rel] = f
	}
	return files
}

// literal is the value of a string literal (or of literals joined with +).
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// translation reports which argument of a call is the message to translate
// (and for a plural, the other form): i18n.T and l.T take it first,
// i18n.N and l.N second and third, app.Invalid second, app.InvalidN third
// and fourth.
func translation(call *ast.CallExpr) (msg, other int, ok bool) {
	var name string
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		name = fn.Sel.Name
		if x, isIdent := fn.X.(*ast.Ident); isIdent && x.Name == "app" {
			switch name {
			case "Invalid":
				return 1, -1, true
			case "InvalidN":
				return 2, 3, true
			}
		}
	case *ast.Ident:
		switch fn.Name {
		case "Invalid":
			return 1, -1, true
		case "InvalidN":
			return 2, 3, true
		}
		return 0, 0, false
	default:
		return 0, 0, false
	}
	switch name {
	case "T":
		return 0, -1, true
	case "N":
		return 1, 2, true
	}
	return 0, 0, false
}

// selectorOf is the name before the dot of a call like i18n.T; "" for a
// call of a bare function (Invalid), "?" for a longer one (a.b.T).
func selectorOf(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if x, ok := sel.X.(*ast.Ident); ok {
		return x.Name
	}
	return "?"
}

// collectKeys walks the files of dirs for every message they ask to
// translate, the staff's files too when staff is true. dynamic gets the
// call sites ("file:func") that translate a variable.
func collectKeys(t *testing.T, dirs []string, staff bool) (keys []key, dynamic map[string]string) {
	t.Helper()
	root := repoRoot(t)
	fset := token.NewFileSet()
	dynamic = map[string]string{}
	for _, dir := range dirs {
		files := parseDir(t, fset, root, dir, staff)
		for rel, f := range files {
			for _, d := range f.Decls {
				fn, isFunc := d.(*ast.FuncDecl)
				funcName := ""
				if isFunc {
					funcName = fn.Name.Name
				}
				ast.Inspect(d, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					mi, oi, ok := translation(call)
					if !ok || len(call.Args) <= mi {
						return true
					}
					at := fmt.Sprintf("%s:%d", rel, fset.Position(call.Pos()).Line)
					msg, isLit := literal(call.Args[mi])
					if !isLit {
						// Only i18n's functions and a *Lang's methods (l, lang) are
						// known to translate: a variable passed to them is a
						// dynamic key. Another type's T or N (a notice page's
						// passes its callers' literals on) is not one.
						if x := selectorOf(call); x == "" || x == "i18n" || x == "app" || x == "l" || x == "lang" {
							dynamic[rel+":"+funcName] = at
						}
						return true
					}
					k := key{msg: msg, at: at}
					if oi >= 0 && len(call.Args) > oi {
						k.other, _ = literal(call.Args[oi])
					}
					keys = append(keys, k)
					return true
				})
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].at < keys[j].at })
	return keys, dynamic
}

// tableStrings returns the string literals among the values of the
// package-level variable name in file (a map or slice literal).
func tableStrings(t *testing.T, file, name string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(repoRoot(t), file), nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != name || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok {
					t.Fatalf("%s: %s is not a map or slice literal", file, name)
				}
				for _, e := range lit.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					if s, ok := literal(e); ok {
						out = append(out, s)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: found no strings in %s", file, name)
	}
	return out
}

// verbs lists a format's verbs by argument: "%s %d" → [s d]; "%[2]s %[1]d"
// → [d s]. A translation must use the same arguments the same way, in
// whatever order its sentence needs.
func verbs(format string) []string {
	var out []string
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// flags, width, precision, and an explicit argument index
		for i < len(format) && strings.ContainsRune("+-# 0123456789.[]*", rune(format[i])) {
			if format[i] == '[' {
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					break
				}
				if n, err := strconv.Atoi(format[i+1 : i+end]); err == nil {
					arg = n - 1
				}
				i += end
			}
			i++
		}
		if i >= len(format) {
			out = append(out, "%!(NOVERB)")
			break
		}
		if format[i] == '%' {
			continue
		}
		for len(out) <= arg {
			out = append(out, "")
		}
		if out[arg] != "" && out[arg] != string(format[i]) {
			out[arg] += "|" + string(format[i])
		} else {
			out[arg] = string(format[i])
		}
		arg++
	}
	return out
}

func TestVerbs(t *testing.T) {
	for format, want := range map[string][]string{
		"%s de %d":          {"s", "d"},
		"%[2]s y %[1]d":     {"d", "s"},
		"100%% %q":          {"q"},
		"%s, %[1]s":         {"s"},
		"%5.2f y %-3d":      {"f", "d"},
		"sin verbos":        nil,
		"%[2]s %[1]s %[3]v": {"s", "s", "v"},
	} {
		if got := verbs(format); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %q, want %q", format, got, want)
		}
	}
}

// TestSpanishCatalogCoversApplicantScreens fails for every message on the
// applicant's side with no Spanish translation, naming where the code asks
// for it, and for every translation whose fmt verbs differ from its key's.
func TestSpanishCatalogCoversApplicantScreens(t *testing.T) {
	es := loadCatalog(t, "es")
	keys, dynamic := collectKeys(t, applicantDirs, false)
	if len(keys) < 300 {
		t.Fatalf("found only %d messages in the applicant's files; is the parser looking in the right place?", len(keys))
	}
	for site, at := range dynamic {
		table, known := dynamicKeys[site]
		if !known {
			t.Errorf("%s: translates a variable; list where its keys come from in dynamicKeys", at)
			continue
		}
		if table == nil {
			continue
		}
		for _, k := range table(t) {
			keys = append(keys, key{msg: k, at: at + " (" + site + ")"})
		}
	}
	var missing []string
	seen := map[string]bool{}
	for _, k := range keys {
		raw, ok := es.Messages[k.msg]
		if !ok {
			if !seen[k.msg] {
				missing = append(missing, k.msg)
			}
			seen[k.msg] = true
			t.Errorf("%s: es.json has no translation for %q", k.at, k.msg)
			continue
		}
		fs := forms(t, k.msg, raw)
		if k.other != "" {
			if _, plain := fs[""]; plain {
				t.Errorf("%s: %q is a plural (i18n.N); es.json needs its forms {\"one\": …, \"other\": …}", k.at, k.msg)
			}
			for _, cat := range i18n.In("es").Categories() {
				if _, ok := fs[cat]; !ok {
					t.Errorf("%s: es.json's plural %q has no %q form", k.at, k.msg, cat)
				}
			}
		}
	}
	if len(missing) > 0 && os.Getenv("I18N_MISSING") != "" {
		sort.Strings(missing)
		out := map[string]string{}
		for _, m := range missing {
			out[m] = ""
		}
		b, _ := json.MarshalIndent(out, "", "  ")
		if err := os.WriteFile(os.Getenv("I18N_MISSING"), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTranslationsKeepTheirVerbs checks every translation in every catalog,
// notices' included: the same fmt verbs for the same arguments as its key,
// or fmt would print "%!d(string=…)" or "%!(EXTRA …)" on a screen or a notice.
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(repoRoot(t), "assets", "translations", "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no catalogs: %v", err)
	}
	for _, name := range names {
		tag := strings.TrimSuffix(filepath.Base(name), ".json")
		c := loadCatalog(t, tag)
		for k, raw := range c.Messages {
			want := verbs(k)
			for cat, tr := range forms(t, k, raw) {
				if tr == "" {
					t.Errorf("%s.json: %q has an empty translation", tag, k)
					continue
				}
				if got := verbs(tr); !slices.Equal(got, want) {
					t.Errorf("%s.json: %q %s uses verbs %q, its key %q", tag, tr, cat, got, want)
				}
			}
		}
	}
}

// TestSpanishCatalogIsWellFormed checks what the dates and the language menu need.
func TestSpanishCatalogIsWellFormed(t *testing.T) {
	es := loadCatalog(t, "es")
	if es.Tag != "es" || es.Name != "Español" {
		t.Errorf("tag %q, name %q; want es, Español", es.Tag, es.Name)
	}
	var months []string
	if err := json.Unmarshal(es.Dates["months"], &months); err != nil || len(months) != 12 {
		t.Errorf("dates.months: %v, %d names; want 12", err, len(months))
	}
	for _, m := range months {
		if m != strings.ToLower(m) {
			t.Errorf("month %q: Spanish writes months in lower case", m)
		}
	}
	var long string
	if err := json.Unmarshal(es.Dates["long"], &long); err != nil || long != "{day} de {month} de {year}" {
		t.Errorf("dates.long = %q, %v", long, err)
	}
}

// everyDir is every package that translates messages: a catalog key none of
// them asks for is left over from a message that changed, and a translator
// would translate it for nothing.
var everyDir = []string{".", "app", "app/auth", "app/backup", "app/demo", "app/desk", "app/household", "app/notice", "app/portal",
	"app/printing", "app/settings", "ui", "ui/cli"}

// TestSpanishCatalogHasNoStaleKeys fails for a key of es.json that no code
// asks for (any more).
func TestSpanishCatalogHasNoStaleKeys(t *testing.T) {
	es := loadCatalog(t, "es")
	keys, dynamic := collectKeys(t, everyDir, true)
	used := map[string]bool{}
	for _, k := range keys {
		used[k.msg] = true
	}
	for site := range dynamic {
		if table := dynamicKeys[site]; table != nil {
			for _, k := range table(t) {
				used[k] = true
			}
		}
	}
	var stale []string
	for k := range es.Messages {
		if !used[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("es.json: no code asks for %q; remove it", k)
	}
}

// A translated message costs a map lookup and the formatting English pays
// anyway: screens translate on every refresh.
func BenchmarkSpanishMessage(b *testing.B) {
	es := i18n.In("es")
	for b.Loop() {
		_ = es.T("Receipt number %s · since %s: %s", "IOE0912345678", "1 de junio de 2026", "Se Recibió el Caso")
	}
}

func BenchmarkSpanishPlural(b *testing.B) {
	es := i18n.In("es")
	for i := 0; b.Loop(); i++ {
		_ = es.N(i%20, "Only %d unused backup code is left.", "Only %d unused backup codes are left.")
	}
}

func BenchmarkEnglishMessage(b *testing.B) {
	en := i18n.In("en")
	for b.Loop() {
		_ = en.T("Receipt number %s · since %s: %s", "IOE0912345678", "June 1, 2026", "Case Was Received")
	}
}

// Reading es.json happens once, when a visitor first chooses Spanish.
func BenchmarkParseSpanishCatalog(b *testing.B) {
	dir := os.DirFS(filepath.Join("..", "..", "assets", "translations"))
	for b.Loop() {
		if _, err := i18n.Parse(dir, "es"); err != nil {
			b.Fatal(err)
		}
	}
}
