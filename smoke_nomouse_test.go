package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// applicantSmokeFiles are the real-window tests of what an applicant does:
// they drive the window by keyboard alone, as a person who cannot use a
// mouse does (smoke_applicant_test.go).
var applicantSmokeFiles = []string{"smoke_test.go", "smoke_applicant_test.go"}

// TestApplicantSmokeTestsUseNoMouse fails when an applicant's real-window
// test clicks or moves the mouse (xdotool click, mousemove, mousedown …):
// a step only the mouse can do is a step a keyboard user cannot, and the
// fix belongs in the product, not in the test.
func TestApplicantSmokeTestsUseNoMouse(t *testing.T) {
	for _, name := range applicantSmokeFiles {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, w := range strings.Fields(s) {
				if w == "click" || strings.HasPrefix(w, "mouse") || strings.HasPrefix(w, "getmouse") {
					t.Errorf("%s: an applicant's smoke test uses the mouse (%q); drive it by keyboard", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
}
