// Package i18n is CaseDesk's one translation function. Every string a person
// reads goes through T, keyed by its English text, so another language is a
// catalog file in assets/translations and not a code change.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

var (
	mu      sync.RWMutex
	current map[string]string // English text → translation; nil for English
	lang    = "en"
)

// T translates msg into the current language and, when args are given,
// formats it with fmt.Sprintf. A message with no translation is shown in English.
func T(msg string, args ...any) string {
	mu.RLock()
	if tr, ok := current[msg]; ok && tr != "" {
		msg = tr
	}
	mu.RUnlock()
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Language reports the current language tag ("en", "es" …).
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return lang
}

// Load switches to the language tag, reading "<tag>.json" (a JSON object of
// English text → translation) from catalogs. "en" needs no file.
func Load(catalogs fs.FS, tag string) error {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" || tag == "en" {
		mu.Lock()
		current, lang = nil, "en"
		mu.Unlock()
		return nil
	}
	b, err := fs.ReadFile(catalogs, tag+".json")
	if err != nil {
		return fmt.Errorf("no translation for %q: %w", tag, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("translation %q is not valid JSON: %w", tag, err)
	}
	mu.Lock()
	current, lang = m, tag
	mu.Unlock()
	return nil
}
