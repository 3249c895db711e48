package cli

import (
	"context"
	"strings"
	"testing"
)

// A wrong command line for packet is refused with status 2, and a file
// name or receipt number it cannot take with status 1, before any store
// is opened: the fake store fails the test if its desk is asked for.
func TestPacketRefusesBeforeTheStore(t *testing.T) {
	for _, c := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{[]string{"packet", "--out", "x.cdpacket"}, 2, "one of them"},
		{[]string{"packet", "--person", "p1", "--receipt", "EAC2190000001", "--out", "x.cdpacket"}, 2, "one of them"},
		{[]string{"packet", "--person", "p1"}, 2, "--out FILE.cdpacket"},
		{[]string{"packet", "--person", "p1", "--out", "x.cdpacket", "now"}, 2, `unexpected "now"`},
		{[]string{"packet", "--person", "p1", "--out", "x.cdpacket", "--printer", "PDF"}, 2, "--printer goes with --print"},
		{[]string{"packet", "--person", "p1", "--out", "x.cdpacket", "--reset-account"}, 2, "not defined: -reset-account"},
		{[]string{"packet", "--person", "p1", "--out", "cases.zip"}, 1, "must end in .cdpacket"},
		{[]string{"packet", "--receipt", "EAC21", "--out", "x.cdpacket"}, 1, "Receipt number"},
	} {
		env, _, _ := newEnv(t)
		err := Run(context.Background(), env, c.args)
		if ExitCode(err) != c.code || !strings.Contains(errText(err)+stderrOf(env), c.phrase) {
			t.Errorf("%q: %d %v; want %d and %q", c.args, ExitCode(err), err, c.code, c.phrase)
		}
	}
}
