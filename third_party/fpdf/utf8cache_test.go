// Copyright ©2026 CaseDesk. Use of this source code is governed by a
// MIT-style license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// testDoc renders a page in the three test fonts, with text that uses the
// runes of text, optionally encrypted.
func testDoc(t testing.TB, fonts [][]byte, text string, protect bool) []byte {
	t.Helper()
	f := New("P", "pt", "Letter", "")
	f.SetCatalogSort(true)
	f.SetCompression(true)
	at := time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC) // not the clock: the same bytes each time
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	if protect {
		f.SetProtection(CnProtectPrint, "user", "owner")
	}
	for i, b := range fonts {
		f.AddUTF8FontFromBytes(fmt.Sprintf("face%d", i), "", b)
	}
	f.AddPage()
	for i := range fonts {
		f.SetFont(fmt.Sprintf("face%d", i), "", 12)
		f.Text(72, 100+float64(i)*20, text)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func loadTestFonts(t testing.TB) [][]byte {
	var fonts [][]byte
	for _, name := range testFonts {
		fonts = append(fonts, testFont(t, name))
	}
	return fonts
}

var testTexts = []string{
	"Receipt Notice IOE0912345678 — José Muñoz",
	"Nguyễn Thị Ánh, Łukasz Żółć",
	"Ольга Петрова, Ολυμπία Παπαδοπούλου",
	"plain ASCII only",
}

// TestWarmSameAsCold renders documents with the font cache empty, then
// again after other documents have filled it: the bytes must not change.
func TestWarmSameAsCold(t *testing.T) {
	fonts := loadTestFonts(t)
	cold := map[string][]byte{}
	for _, text := range testTexts {
		resetUTF8Fonts()
		cold[text] = testDoc(t, fonts, text, false)
	}
	resetUTF8Fonts()
	for range 2 {
		for _, text := range testTexts {
			if warm := testDoc(t, fonts, text, false); !bytes.Equal(warm, cold[text]) {
				t.Fatalf("%q: rendered with the cache warm, the PDF differs from the cold one", text)
			}
		}
	}
}

// TestEncryptionLeavesCacheAlone checks an encrypted document encrypts a
// copy of the cached font streams, not the streams themselves.
func TestEncryptionLeavesCacheAlone(t *testing.T) {
	fonts := loadTestFonts(t)
	text := testTexts[0]
	resetUTF8Fonts()
	plain := testDoc(t, fonts, text, false)
	a := testDoc(t, fonts, text, true)
	b := testDoc(t, fonts, text, true)
	if !bytes.Equal(a, b) {
		t.Fatal("the same encrypted document gave different bytes")
	}
	if again := testDoc(t, fonts, text, false); !bytes.Equal(again, plain) {
		t.Fatal("after encrypted documents, a plain one differs: the cache was changed")
	}
}

// TestFontBytesUnchanged checks fpdf writes neither into the bytes it is
// given nor into its copy of them; upstream's cut wrote into the file.
func TestFontBytesUnchanged(t *testing.T) {
	fonts := loadTestFonts(t)
	resetUTF8Fonts()
	var sums [][32]byte
	for _, b := range fonts {
		sums = append(sums, sha256.Sum256(b))
	}
	for _, text := range testTexts {
		testDoc(t, fonts, text, false)
	}
	for i, b := range fonts {
		u, err := sharedUTF8Font(b)
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(b) != sums[i] || sha256.Sum256(u.data) != sums[i] {
			t.Errorf("%s: the font file was written into", testFonts[i])
		}
	}
}

// TestConcurrentDocuments renders documents in parallel, from an empty
// cache, each the same as alone. Run with -race.
func TestConcurrentDocuments(t *testing.T) {
	fonts := loadTestFonts(t)
	want := map[string][]byte{}
	for _, text := range testTexts {
		want[text] = testDoc(t, fonts, text, false)
	}
	for range 3 {
		resetUTF8Fonts()
		var wg sync.WaitGroup
		errs := make(chan string, 8*len(testTexts))
		for i := range 8 * len(testTexts) {
			text := testTexts[i%len(testTexts)]
			wg.Go(func() {
				if got := testDoc(t, fonts, text, false); !bytes.Equal(got, want[text]) {
					errs <- text
				}
			})
		}
		wg.Wait()
		close(errs)
		for text := range errs {
			t.Errorf("%q rendered alongside others differs from the same alone", text)
		}
	}
}

// TestCutsKeptAreBounded renders more distinct rune sets than a font keeps.
func TestCutsKeptAreBounded(t *testing.T) {
	fonts := loadTestFonts(t)[:1]
	resetUTF8Fonts()
	for i := range maxCuts + 10 {
		testDoc(t, fonts, fmt.Sprintf("%c%c", 'A'+rune(i%26), 'a'+rune(i/26)), false)
	}
	u, err := sharedUTF8Font(fonts[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(u.cuts) != maxCuts || len(u.fifo) != maxCuts {
		t.Fatalf("%d cuts kept (%d in order), want %d", len(u.cuts), len(u.fifo), maxCuts)
	}
}

func TestRuneSetKey(t *testing.T) {
	a := makeSubsetRange(57)
	b := makeSubsetRange(32)
	for _, r := range "Hello" {
		a[int(r)], b[int(r)] = int(r), int(r)
	}
	if runeSetKey(a) != runeSetKey(b) {
		t.Error("maps of the same used runes have different keys")
	}
	b[int('!')] = '!'
	if runeSetKey(a) == runeSetKey(b) {
		t.Error("maps of different used runes have the same key")
	}
	if k := runeSetKey(map[int]int{65: 66}); k != "" {
		t.Errorf("a rune mapped to another: key %q, want none", k)
	}
}

// TestJoinedSectionsInflate checks streams laid end to end from sections,
// compressed and stored, inflate (checksum and all) to their data.
func TestJoinedSectionsInflate(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := range 60 {
		var data []byte
		var sections []flateSection
		for range rng.Intn(5) {
			part := make([]byte, rng.Intn(70000))
			for j := range part {
				part[j] = byte(rng.Intn(1 + i%40))
			}
			data = append(data, part...)
			if rng.Intn(2) == 0 {
				sections = append(sections, newFlateSection(part))
			} else {
				sections = append(sections, storedSection(part))
			}
		}
		r, err := zlib.NewReader(bytes.NewReader(zlibJoin(sections...)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("case %d: inflates to something else", i)
		}
	}
}

// BenchmarkNewCut is the work a document does for a UTF-8 font whose set
// of runes is not in the cache: cut, compress, map and widths.
func BenchmarkNewCut(b *testing.B) {
	u, err := sharedUTF8Font(testFont(b, "DejaVuSans.ttf"))
	if err != nil {
		b.Fatal(err)
	}
	used := makeSubsetRange(57)
	for _, r := range "Receipt Notice IOE0912345678 — José Muñoz, 1200 Oak Ave, Springfield IL 62704; USCIS received your I-485." {
		used[int(r)] = int(r)
	}
	delete(used, 0)
	for b.Loop() {
		u.mu.Lock()
		u.cuts, u.fifo = nil, nil
		u.mu.Unlock()
		u.cut(used, u.metrics.CharWidths)
	}
}
