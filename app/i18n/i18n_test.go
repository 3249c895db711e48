package i18n

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// testCatalogs stands in for assets/translations in the tests that need
// catalogs of their own.
func testCatalogs(t *testing.T, files fstest.MapFS) {
	t.Helper()
	mu.Lock()
	oldCat, oldLoaded, oldCur, oldDef := catalogs, loaded, current, fallback
	catalogs, loaded = files, map[string]*Lang{English: english}
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		catalogs, loaded, current, fallback = oldCat, oldLoaded, oldCur, oldDef
		mu.Unlock()
	})
}

const xx = `{"tag":"de","name":"Xish","dates":{"months":["m1","m2","m3","m4","m5","m6","m7","m8","m9","m10","m11","m12"],
 "long":"{day}.{month}.{year}","dayMonth":"{day}.{month}","time":"15h04"},
 "messages":{"Hello":"Xello","%d case":{"one":"%d xcase","other":"%d xcases"},"Only other %d":{"other":"%d o"}}}`

func TestAThirdLanguageIsAFile(t *testing.T) {
	testCatalogs(t, fstest.MapFS{"de.json": {Data: []byte(xx)}, "README.md": {Data: []byte("#")}})
	langs := Languages()
	if len(langs) != 2 || langs[0] != (Info{"en", "English"}) || langs[1] != (Info{"de", "Xish"}) {
		t.Fatalf("Languages() = %v", langs)
	}
	if err := Use("de"); err != nil {
		t.Fatal(err)
	}
	if got := T("Hello"); got != "Xello" {
		t.Errorf("T(Hello) = %q", got)
	}
	if got := T("Not translated %s", "a"); got != "Not translated a" {
		t.Errorf("a missing message is English: %q", got)
	}
	if got := N(1, "%d case", "%d cases"); got != "1 xcase" {
		t.Errorf("N(1) = %q", got)
	}
	if got := N(3, "%d case", "%d cases"); got != "3 xcases" {
		t.Errorf("N(3) = %q", got)
	}
	if got := N(3, "Only other %d", "Only others %d"); got != "3 o" {
		t.Errorf("a form that is missing falls back to other: %q", got)
	}
	d := time.Date(2026, time.November, 20, 15, 4, 0, 0, time.UTC)
	if got := Current().Date(d); got != "20.m11.2026" {
		t.Errorf("Date = %q", got)
	}
	if got := Current().Time(d); got != "15h04" {
		t.Errorf("Time = %q", got)
	}
	if Language() != "de" || !Has("de") || Has("zz") {
		t.Error("Language or Has is wrong")
	}
}

func TestEnglishNeedsNoFile(t *testing.T) {
	testCatalogs(t, fstest.MapFS{})
	if err := Use("en"); err != nil {
		t.Fatal(err)
	}
	if got := N(1, "%d case", "%d cases"); got != "1 case" {
		t.Errorf("N(1) = %q", got)
	}
	if got := N(0, "%d case", "%d cases"); got != "0 cases" {
		t.Errorf("N(0) = %q", got)
	}
	if got := N(2, "%d case for %s", "%d cases for %s", 2, "Ana"); got != "2 cases for Ana" {
		t.Errorf("N with args = %q", got)
	}
	d := time.Date(2026, time.November, 20, 15, 4, 0, 0, time.UTC)
	if got := In("en").Date(d); got != "November 20, 2026" {
		t.Errorf("Date = %q", got)
	}
	if got := In("en").Time(d); got != "3:04 PM" {
		t.Errorf("Time = %q", got)
	}
	if got := In("en").Date(time.Time{}); got != "" {
		t.Errorf("the zero date = %q", got)
	}
}

func TestAVisitorsChoiceIsUndone(t *testing.T) {
	testCatalogs(t, fstest.MapFS{"de.json": {Data: []byte(xx)}})
	if err := SetDefault("en"); err != nil {
		t.Fatal(err)
	}
	if err := Use("de"); err != nil {
		t.Fatal(err)
	}
	Reset()
	if Language() != "en" {
		t.Errorf("after Reset the language is %q", Language())
	}
	if err := SetDefault("de"); err != nil || Language() != "de" || Default() != "de" {
		t.Fatalf("SetDefault: %v, %q, %q", err, Language(), Default())
	}
	if err := Use("zz"); !errors.Is(err, ErrNoLanguage) || Language() != "de" {
		t.Errorf("a language with no file: %v, and the language became %q", err, Language())
	}
	// A notice in a language CaseDesk lacks is English.
	if In("zz").Tag() != "en" || In("de").Tag() != "de" {
		t.Error("In falls back to English")
	}
}

func TestABrokenCatalogIsRefused(t *testing.T) {
	good := strings.Replace(xx, `"tag":"de"`, `"tag":"%s"`, 1)
	for name, body := range map[string]string{
		"yy": strings.Replace(xx, `"name":"Xish"`, `"name":""`, 1),
		"zz": strings.Replace(xx, `"m12"`, ``, 1),
		"ww": strings.Replace(xx, `{year}"`, `"`, 1),
		"vv": `{"tag":"vv",`,
		"uu": good, // says its tag is %s
	} {
		if name != "uu" {
			body = strings.Replace(body, `"tag":"de"`, `"tag":"`+name+`"`, 1)
		}
		if _, err := Parse(fstest.MapFS{name + ".json": {Data: []byte(body)}}, name); err == nil {
			t.Errorf("catalog %s was taken", name)
		}
	}
	if _, err := Parse(fstest.MapFS{}, "../etc/passwd"); !errors.Is(err, ErrNoLanguage) {
		t.Errorf("a tag that is a path: %v", err)
	}
}

func TestSpanishPluralsAndDates(t *testing.T) {
	es := In("es")
	if es.Tag() != "es" || es.Name() != "Español" {
		t.Fatalf("the Spanish catalog did not load: %q %q", es.Tag(), es.Name())
	}
	d := time.Date(2026, time.November, 20, 9, 5, 0, 0, time.UTC)
	if got := es.Date(d); got != "20 de noviembre de 2026" {
		t.Errorf("Date = %q", got)
	}
	if got := es.Time(d); got != "09:05" {
		t.Errorf("Time = %q", got)
	}
	if got := es.Categories(); strings.Join(got, ",") != "one,other" {
		t.Errorf("Spanish plural categories = %v", got)
	}
	if got := In("en").Categories(); strings.Join(got, ",") != "one,other" {
		t.Errorf("English plural categories = %v", got)
	}
}
