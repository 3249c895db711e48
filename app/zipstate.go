package app

import (
	"strconv"
	"strings"
)

// zipPrefixes are the first three digits of the ZIP codes the Postal Service
// gives each state, territory and military "state" (the National 3-Digit
// ZIP Code Prefix list), as ranges from-to.
var zipPrefixes = map[string]string{
	"AL": "350-369", "AK": "995-999", "AZ": "850-865", "AR": "716-729",
	"CA": "900-961", "CO": "800-816", "CT": "060-069", "DE": "197-199",
	"DC": "200 202-205 569", "FL": "320-339 341-349", "GA": "300-319 398-399", "HI": "967-968",
	"ID": "832-838", "IL": "600-629", "IN": "460-479", "IA": "500-528",
	"KS": "660-679", "KY": "400-427", "LA": "700-714", "ME": "039-049",
	"MD": "206-219", "MA": "010-027 055", "MI": "480-499", "MN": "550-567",
	"MS": "386-397", "MO": "630-658", "MT": "590-599", "NE": "680-693",
	"NV": "889-898", "NH": "030-038", "NJ": "070-089", "NM": "870-884",
	"NY": "005 100-149", "NC": "270-289", "ND": "580-588", "OH": "430-459",
	"OK": "730-731 734-749", "OR": "970-979", "PA": "150-196", "RI": "028-029",
	"SC": "290-299", "SD": "570-577", "TN": "370-385", "TX": "733 750-799 885",
	"UT": "840-847", "VT": "050-054 056-059", "VA": "201 220-246", "WA": "980-994",
	"WV": "247-268", "WI": "530-549", "WY": "820-831",
	"PR": "006-007 009", "VI": "008", "GU": "969", "MP": "969", "AS": "967",
	"AA": "340", "AE": "090-098", "AP": "962-966",
}

// ZIPInState reports whether the ZIP code's first three digits belong to
// the state (its Postal Service code). A state CaseDesk has no list for
// accepts any ZIP.
func ZIPInState(z ZIP, state string) bool {
	ranges, ok := zipPrefixes[state]
	if !ok || len(z) < 3 {
		return true
	}
	p, err := strconv.Atoi(string(z[:3]))
	if err != nil {
		return false
	}
	for _, r := range strings.Fields(ranges) {
		lo, hi, found := strings.Cut(r, "-")
		if !found {
			hi = lo
		}
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		if p >= a && p <= b {
			return true
		}
	}
	return false
}

// ZIPStates lists the states (Postal Service codes) whose ZIP codes start
// like z, for saying which state a ZIP belongs to.
func ZIPStates(z ZIP) []string {
	var out []string
	for _, st := range strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
		NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU MP AS AA AE AP`) {
		if ZIPInState(z, st) {
			out = append(out, st)
		}
	}
	return out
}
