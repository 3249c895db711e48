package app

import (
	"strconv"
	"strings"
)

// ParseClock reads a clock time as people type it: "9:30 AM", "9:30am", "14:00" or "9 AM".
func ParseClock(s string) (h, m int, err error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	pm, am := strings.HasSuffix(t, "PM"), strings.HasSuffix(t, "AM")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "PM"), "AM")
	hh, mm, found := strings.Cut(t, ":")
	if !found {
		mm = "00"
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	bad := err1 != nil || err2 != nil || len(mm) != 2 || m < 0 || m > 59
	switch {
	case bad:
	case pm || am:
		bad = h < 1 || h > 12
		if h == 12 {
			h = 0
		}
		if pm {
			h += 12
		}
	default:
		bad = h < 0 || h > 23
	}
	if bad {
		return 0, 0, Invalid(FieldTime, "%q is not a time; type it like 9:30 AM or 14:00", s)
	}
	return h, m, nil
}
