package cli

import (
	"context"
	"strings"
	"testing"

	"casedesk/app"
)

// A wrong command line for a desk verb is refused with status 2 before any
// store is opened: the fake store fails the test if its desk is asked for.
func TestDeskVerbsRefuseAWrongCommandLine(t *testing.T) {
	for _, c := range []struct {
		args   []string
		phrase string
	}{
		{[]string{"setup", "now"}, `unexpected "now"`},
		{[]string{"setup", "--given", "Ana"}, "not defined: -given"},
		{[]string{"people"}, "casedesk people add"},
		{[]string{"people", "remove", "p1"}, `unknown command "remove"`},
		{[]string{"people", "show"}, "wrong number of words"},
		{[]string{"people", "edit", "p1"}, "give the details to change"},
		{[]string{"people", "list", "--given", "Ana"}, "people list does not take --given"},
		{[]string{"people", "edit", "p1", "--confirm-duplicate"}, "people edit does not take --confirm-duplicate"},
		{[]string{"cases", "add", "--receipt", "EAC2190000001"}, "name the client with --person"},
		{[]string{"cases", "status", "--status", "approved"}, "name the case with --receipt"},
		{[]string{"cases", "status", "--list-statuses", "--receipt", "EAC2190000001"}, "does not take --receipt"},
		{[]string{"cases", "list", "--person", "p1", "--receipt", "EAC2190000001"}, "one of them"},
		{[]string{"cases", "list"}, "one of them"},
		{[]string{"cases", "add", "--person", "p1", "--note", "x"}, "cases add does not take --note"},
		{[]string{"appointments", "cancel"}, "wrong number of words"},
		{[]string{"appointments", "add", "--kind", "oath"}, "name the case with --receipt"},
		{[]string{"appointments", "move", "a1"}, `unknown command "move"`},
		{[]string{"appointments", "reschedule", "--date", "03/14/2027"}, "wrong number of words"},
		{[]string{"appointments", "reschedule", "a1", "a2"}, "wrong number of words"},
		{[]string{"appointments", "reschedule", "a1", "--receipt", "EAC2190000001"}, "appointments reschedule does not take --receipt"},
		{[]string{"appointments", "cancel", "a1", "--date", "03/14/2027"}, "appointments cancel does not take --date"},
		{[]string{"messages", "send", "--subject", "Hi"}, "name the client with --person"},
		{[]string{"messages"}, "casedesk messages inbox"},
		{[]string{"messages", "read"}, "wrong number of words"},
		{[]string{"messages", "read", "m1", "m2"}, "wrong number of words"},
		{[]string{"messages", "read", "m1", "--unread"}, "messages read does not take --unread"},
		{[]string{"messages", "inbox", "now"}, "wrong number of words"},
		{[]string{"messages", "inbox", "--subject", "Hi"}, "messages inbox does not take --subject"},
		{[]string{"messages", "send", "--person", "p1", "--unread"}, "messages send does not take --unread"},
		{[]string{"messages", "archive", "m1"}, `unknown command "archive"`},
		{[]string{"staff", "disable"}, "wrong number of words"},
		{[]string{"staff", "list", "--role", "admin"}, "staff list does not take --role"},
		{[]string{"processing-times", "list", "--form", "I-485"}, "processing-times list does not take --form"},
		{[]string{"processing-times"}, "casedesk processing-times set"},
	} {
		env, _, _ := newEnv(t)
		err := Run(context.Background(), env, c.args)
		if ExitCode(err) != 2 || !strings.Contains(errText(err)+stderrOf(env), c.phrase) {
			t.Errorf("%q: %d %v; want 2 and %q", c.args, ExitCode(err), err, c.phrase)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// stderrOf is what a command wrote to the terminal, where the flag
// package explains an unknown flag.
func stderrOf(env Env) string { return env.Stderr.(*strings.Builder).String() }

// The statuses need no store: the list is the catalogue's.
func TestListStatuses(t *testing.T) {
	env, _, out := newEnv(t)
	if err := Run(context.Background(), env, []string{"cases", "status", "--list-statuses"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != len(app.Statuses())+1 {
		t.Errorf("%d lines for %d statuses", got, len(app.Statuses()))
	}
	if !strings.Contains(out.String(), "approved") || !strings.Contains(out.String(), "Case Was Approved") {
		t.Errorf("%q", out)
	}
}

// A status is its code or its USCIS title in any case; anything else goes
// to the desk as typed, which refuses it with the field named.
func TestStatusAndNoticeAsTyped(t *testing.T) {
	for typed, want := range map[string]string{
		"approved": "approved", " APPROVED ": "approved", "case was approved": "approved",
		"Case Was Approved": "approved", "Case Was Misplaced": "Case Was Misplaced", "": "",
	} {
		if got := statusCode(typed); got != want {
			t.Errorf("statusCode(%q) = %q, want %q", typed, got, want)
		}
	}
	for typed, want := range map[string]app.NoticeKind{
		"approval": app.NoticeApproval, "Approval Notice": app.NoticeApproval, "rfe": app.NoticeRFE,
		"request for  evidence": app.NoticeRFE, "card mailed": app.NoticeCard, "CARD": app.NoticeCard,
		"postcard": "postcard",
	} {
		if got := noticeKind(typed); got != want {
			t.Errorf("noticeKind(%q) = %q, want %q", typed, got, want)
		}
	}
}

// The password is the first line of standard input, without its line
// ending but with its spaces: a passphrase may end in one.
func TestReadPasswordFromAPipe(t *testing.T) {
	for in, want := range map[string]string{
		"river lamp orange 42\n":        "river lamp orange 42",
		"river lamp orange 42 \r\nmore": "river lamp orange 42 ",
		"no newline":                    "no newline",
		"":                              "",
	} {
		got, err := readPassword(Env{Stdin: strings.NewReader(in)})
		if err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := readPassword(Env{}); err == nil {
		t.Error("no standard input: no error")
	}
}

// The audit log's filters are checked before any store is opened: a wrong
// command line is status 2, a kind or date that is refused status 1.
func TestAuditRefusesBeforeReading(t *testing.T) {
	for _, c := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{[]string{"audit", "now"}, 2, `unexpected "now"`},
		{[]string{"audit", "--receipt", "EAC2190000001"}, 2, "not defined: -receipt"},
		{[]string{"audit", "--kind", "frobs"}, 1, `"frobs" is not a kind of audit row`},
		{[]string{"audit", "--kind", "frobs"}, 1, "appointment  appointments scheduled"},
		{[]string{"audit", "--from", "02/30/2026"}, 1, "--from: Date has no day 30"},
		{[]string{"audit", "--to", "yesterday"}, 1, `--to: Date "yesterday" is not a date`},
		{[]string{"audit", "--from", "03/02/2026", "--to", "2026-03-01"}, 1, "--from March 2, 2026 is after --to March 1, 2026"},
	} {
		env, _, _ := newEnv(t)
		err := Run(context.Background(), env, c.args)
		if ExitCode(err) != c.code || !strings.Contains(errText(err)+stderrOf(env), c.phrase) {
			t.Errorf("%q: %d %v; want %d and %q", c.args, ExitCode(err), err, c.code, c.phrase)
		}
	}
}

// --kind takes a kind's name as people type it, or an action's beginning.
func TestAuditKinds(t *testing.T) {
	for typed, want := range map[string]string{
		"signin": "signin.", "Sign-ins": "signin.", "cases": "case.", " CASE ": "case.", "codes": "access_code.",
		"access_codes": "access_code.", "Access code": "access_code.", "settings": "setting.", "staff": "staff.",
		"case.status": "case.status", "Appointment.Cancel": "appointment.cancel", "person.": "person.",
	} {
		if got, ok := auditAction(typed); !ok || got != want {
			t.Errorf("auditAction(%q) = %q %v, want %q", typed, got, ok, want)
		}
	}
	for _, k := range auditKinds {
		if got, ok := auditAction(k.name); !ok || got != k.prefix {
			t.Errorf("the kind %s is %q %v", k.name, got, ok)
		}
	}
	for _, typed := range []string{"frobs", "cas", "sign"} {
		if got, ok := auditAction(typed); ok {
			t.Errorf("auditAction(%q) = %q", typed, got)
		}
	}
}
