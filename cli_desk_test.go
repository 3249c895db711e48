package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/data"
)

// runWithStdin runs a command with stdin as its standard input.
func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.WriteString(stdin)
		w.Close()
	}()
	saved := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = saved; r.Close() }()
	return runCLI(t, args...)
}

// deskState is what a refused command must leave as it was: every count
// the store keeps, the staff accounts as they stand, the processing times
// and the audit log (every desk write appends to it in the same transaction).
type deskState struct {
	Summary app.Summary
	Staff   []desk.StaffMember
	Times   []app.ProcessingTime
	Audit   []app.AuditEvent
}

func readDeskState(t *testing.T, db string) deskState {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var st deskState
	if st.Summary, err = s.Summary(ctx); err != nil {
		t.Fatal(err)
	}
	if st.Staff, err = s.ListStaff(ctx); err != nil {
		t.Fatal(err)
	}
	if st.Times, err = s.ProcessingTimes(ctx); err != nil {
		t.Fatal(err)
	}
	// The audit log as the desk reads it.
	d := desk.New(s.Desk(), nil, nil, nil, nil, nil, auth.DefaultArgon2).CommandLine("audit reader")
	if st.Audit, err = d.AuditLog(ctx, desk.AuditFilter{Limit: 2000}); err != nil {
		t.Fatal(err)
	}
	return st
}

// deskDay runs commands on one store and checks what each one wrote.
type deskDay struct {
	t     *testing.T
	db    string
	actor string
}

// write runs a command that must succeed, and checks that it left audit
// rows, each naming the command line's user, one of them action.
func (d deskDay) write(action string, args ...string) string {
	d.t.Helper()
	before := readDeskState(d.t, d.db).Audit
	code, out, errOut := runCLI(d.t, append(args, "--db", d.db)...)
	if code != 0 {
		d.t.Fatalf("%v: %d %q %q", args, code, out, errOut)
	}
	seen := map[string]bool{}
	for _, e := range before {
		seen[e.ID] = true
	}
	found := false
	for _, e := range readDeskState(d.t, d.db).Audit {
		if seen[e.ID] {
			continue
		}
		if e.ActorID != d.actor {
			d.t.Errorf("%v: audit row %s names %q, not %q", args, e.Action, e.ActorID, d.actor)
		}
		found = found || e.Action == action
	}
	if !found {
		d.t.Errorf("%v: no %s audit row", args, action)
	}
	return out
}

// read runs a command that must succeed and write nothing.
func (d deskDay) read(args ...string) string {
	d.t.Helper()
	before := readDeskState(d.t, d.db)
	code, out, errOut := runCLI(d.t, append(args, "--db", d.db)...)
	if code != 0 {
		d.t.Fatalf("%v: %d %q %q", args, code, out, errOut)
	}
	if after := readDeskState(d.t, d.db); !reflect.DeepEqual(before, after) {
		d.t.Errorf("%v wrote to the store", args)
	}
	return out
}

// refused runs a command that must fail with the exit status code, say
// phrase on stderr, print nothing on stdout and leave the store as it was.
func (d deskDay) refused(code int, phrase string, args ...string) {
	d.t.Helper()
	before := readDeskState(d.t, d.db)
	got, out, errOut := runCLI(d.t, append(args, "--db", d.db)...)
	if got != code || !strings.Contains(errOut, phrase) || out != "" {
		d.t.Errorf("%v: %d %q %q; want %d and %q", args, got, out, errOut, code, phrase)
	}
	if after := readDeskState(d.t, d.db); !reflect.DeepEqual(before, after) {
		d.t.Errorf("%v was refused but changed the store:\n%+v\n%+v", args, before.Summary, after.Summary)
	}
}

// lastWord is the id a command prints at the end of its first line.
func lastWord(out string) string {
	f := strings.Fields(strings.SplitN(out, "\n", 2)[0])
	return f[len(f)-1]
}

var oneTimePasswordRE = regexp.MustCompile(`One-time password: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\n`)

// TestCLIDeskClinicDay is a clinic's whole day on the command line: set
// up, a staff member, clients (one with an accented name, one a likely
// duplicate), a case approved with its notice, an appointment made and
// cancelled, a message, processing times and a client's page; and for each
// verb, input that is refused with the field named and nothing written.
func TestCLIDeskClinicDay(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "clinic.db")
	d := deskDay{t: t, db: db, actor: commandLineActor()}
	const password = "river lamp orange 42"
	setup := []string{"setup", "--db", db, "--clinic-name", "Clínica Sur", "--clinic-address", `100 Congress Ave\nAustin, TX 78701`,
		"--clinic-phone", "512-555-0100", "--time-zone", "America/Chicago", "--admin-given", "Ana", "--admin-family", "Pérez", "--admin-username", "ana"}

	// Set-up: a weak password or an unknown zone is refused, the store left never set up.
	code, out, errOut := runWithStdin(t, "password\n", setup...)
	if code != 1 || !strings.Contains(errOut, "Password") || out != "" {
		t.Fatalf("weak password: %d %q %q", code, out, errOut)
	}
	bad := append(append([]string{}, setup...), "--time-zone", "Mars/Olympus")
	if code, _, errOut := runWithStdin(t, password+"\n", bad...); code != 1 || !strings.Contains(errOut, "Time zone") {
		t.Fatalf("unknown zone: %d %q", code, errOut)
	}
	if st := readDeskState(t, db); !st.Summary.NeverSetUp() || len(st.Audit) != 0 {
		t.Fatalf("a refused set-up wrote: %+v", st)
	}
	code, out, errOut = runWithStdin(t, password+"\r\n", setup...)
	if code != 0 || !strings.Contains(out, "only time they are shown") || !strings.Contains(out, "Keep them safe") {
		t.Fatalf("setup: %d %q %q", code, out, errOut)
	}
	backups := regexp.MustCompile(`(?m)^  ([0-9A-Z]{5}-[0-9A-Z]{5})$`).FindAllStringSubmatch(out, -1)
	if len(backups) != auth.BackupCodeCount {
		t.Fatalf("setup printed %d backup codes: %q", len(backups), out)
	}
	// The administrator signs in with the password read and a printed code.
	s, keys := openWithKeys(t, db)
	signIn := auth.NewSignIn(s, keys, nil, auth.DefaultArgon2)
	ch, err := signIn.Password(ctx, "ana", password)
	if err != nil || ch.MustChange {
		t.Fatalf("the administrator's password: %v %+v", err, ch)
	}
	if _, err := signIn.Code(ctx, ch, backups[3][1]); err != nil {
		t.Fatalf("a printed backup code: %v", err)
	}
	if st := readDeskState(t, db); st.Audit[len(st.Audit)-1].Action != "clinic.setup" {
		t.Errorf("no set-up audit row: %+v", st.Audit)
	}
	d.refused(1, "already set up", "setup", "--clinic-name", "Other")
	// Staff: a one-time password, printed once, that must be changed.
	d.refused(1, `"boss" is not a role`, "staff", "add", "--given", "Rosa", "--family", "Díaz", "--username", "rosa", "--role", "boss")
	d.refused(2, "flag provided but not defined: -city", "staff", "add", "--given", "Rosa", "--city", "Austin")
	out = d.write("staff.add", "staff", "add", "--given", "Rosa", "--family", "Díaz", "--username", "rosa")
	m := oneTimePasswordRE.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "must change it at their first sign-in") || !strings.Contains(out, "2-step") {
		t.Fatalf("staff add: %q", out)
	}
	if ch, err := signIn.Password(ctx, "rosa", m[1]); err != nil || !ch.MustChange {
		t.Errorf("the printed one-time password: %v %+v", err, ch)
	}
	d.refused(1, "Username rosa is taken", "staff", "add", "--given", "R", "--family", "D", "--username", "rosa")
	if list := d.read("staff", "list"); !regexp.MustCompile(`Rosa Díaz\s+rosa\s+staff\s+must change password\s+never`).MatchString(list) {
		t.Errorf("staff list: %q", list)
	}

	// Clients: an accented name, found without its accents; a likely duplicate.
	d.refused(1, "Date of birth", "people", "add", "--given", "María José", "--family", "Núñez", "--date-of-birth", "02/30/1985")
	d.refused(1, `Assigned to "nobody"`, "people", "add", "--given", "María José", "--family", "Núñez", "--date-of-birth", "03/14/1985", "--assign", "nobody")
	out = d.write("client.add", "people", "add", "--given", "María José", "--family", "Núñez", "--date-of-birth", "03/14/1985",
		"--country-of-birth", "México", "--a-number", "A123456789", "--street", "12 Elm St", "--city", "Austin", "--state", "TX",
		"--zip", "78701", "--language", "es", "--assign", "ROSA")
	maria := lastWord(out)
	if !strings.Contains(out, "María José Núñez") {
		t.Errorf("people add: %q", out)
	}
	dup := []string{"people", "add", "--given", "Maria Jose", "--family", "Nunez", "--date-of-birth", "1985-03-14"}
	d.refused(1, "--confirm-duplicate", dup...)
	d.refused(1, maria, dup...) // the match is shown by id
	twin := lastWord(d.write("client.add", append(dup, "--confirm-duplicate")...))
	if twin == maria {
		t.Fatal("the duplicate was not added")
	}
	list := d.read("people", "list", "nunez")
	if !strings.Contains(list, maria) || !strings.Contains(list, twin) || !strings.Contains(list, "Austin, TX") || strings.Contains(list, "A123456789") {
		t.Errorf("people list: %q", list)
	}
	d.refused(1, "ZIP code", "people", "edit", maria, "--zip", "1")
	d.refused(2, "give the details to change", "people", "edit", maria)
	d.write("client.edit", "people", "edit", "A123456789", "--phone", "512-555-0199")

	// A case, approved with its notice.
	filed := time.Now().AddDate(0, 0, -300).Format("01/02/2006")
	d.refused(1, "Receipt number", "cases", "add", "--person", maria, "--role", "applicant", "--receipt", "IOE09", "--form", "I-485", "--filed", filed)
	d.refused(2, "cases add does not take --date", "cases", "add", "--person", maria, "--date", filed)
	out = d.write("case.add", "cases", "add", "--person", maria, "--role", "applicant", "--receipt", "ioe0912345678", "--form", "I-485", "--filed", filed)
	if !strings.Contains(out, "IOE0912345678") || len(lastWord(out)) < 10 {
		t.Errorf("cases add: %q", out)
	}
	approved := time.Now().AddDate(0, 0, -10).Format("01/02/2006")
	d.refused(1, "--list-statuses", "cases", "status", "--receipt", "IOE0912345678", "--status", "Case Was Misplaced", "--date", approved)
	d.refused(1, "Notice", "cases", "status", "--receipt", "IOE0912345678", "--status", "approved", "--date", approved, "--notice", "postcard")
	d.refused(2, "--receipt", "cases", "status", "--status", "approved")
	out = d.write("case.status", "cases", "status", "--receipt", "IOE0912345678", "--status", "case was APPROVED", "--date", approved, "--notice", "approval")
	if !strings.Contains(out, "Case Was Approved") || !strings.Contains(out, "Approval Notice") {
		t.Errorf("cases status: %q", out)
	}
	if n := d.read("notices", "list", "--receipt", "IOE0912345678"); !strings.Contains(n, "Approval Notice") || !strings.Contains(n, "María José Núñez") {
		t.Errorf("the approval notice: %q", n)
	}
	if out := d.read("cases", "list", "--receipt", "IOE0912345678"); !strings.Contains(out, "Case Was Received") || !strings.Contains(out, "Case Was Approved") {
		t.Errorf("cases list: %q", out)
	}

	// An appointment, scheduled and cancelled.
	day := time.Now().AddDate(1, 0, 0).Format("01/02/2006")
	appt := []string{"appointments", "add", "--receipt", "IOE0912345678", "--kind", "biometrics", "--date", day,
		"--zone", "America/Chicago", "--place", "USCIS Application Support Center", "--address", `1 Main St\nAustin, TX 78701`}
	d.refused(1, "Time", append(appt, "--time", "25:30")...)
	id := lastWord(d.write("appointment.schedule", append(appt, "--time", "9:30 AM")...))
	d.refused(1, "no appointment", "appointments", "cancel", "no-such-appointment")
	d.write("appointment.cancel", "appointments", "cancel", id)

	// A message, its body from standard input.
	d.refused(1, "Subject", "messages", "send", "--person", maria, "--subject", " ", "--body", "Hola")
	before := readDeskState(t, db)
	code, out, errOut = runWithStdin(t, "Su caso fue aprobado.\n", "messages", "send", "--db", db, "--person", maria, "--receipt", "IOE0912345678", "--subject", "Aprobación", "--body", "-")
	if code != 0 || !strings.Contains(out, "Aprobación") {
		t.Fatalf("messages send: %d %q %q", code, out, errOut)
	}
	if after := readDeskState(t, db); after.Summary.Messages != before.Summary.Messages+1 || after.Audit[0].ActorID != d.actor || after.Audit[0].Action != "message.send" {
		t.Errorf("messages send wrote %+v, audit %+v", after.Summary, after.Audit[0])
	}

	// Processing times.
	d.refused(1, "Months", "processing-times", "set", "--form", "I-485", "--office", "NBC", "--min", "eight", "--max", "14")
	d.write("processing.set", "processing-times", "set", "--form", "I-485", "--office", "nbc", "--min", "8", "--max", "14.5", "--source", "uscis.gov")
	if out := d.read("processing-times", "list"); !regexp.MustCompile(`I-485\s+NBC\s+8-14.5\s+\d{4}-\d\d-\d\d\s+uscis.gov`).MatchString(out) {
		t.Errorf("processing-times list: %q", out)
	}

	// The client's page.
	page := d.read("people", "show", "IOE0912345678")
	for _, want := range []string{"María José Núñez", "México", "A•••••6789", "Rosa Díaz", "IOE0912345678", "Case Was Approved",
		"biometrics", "cancelled", "messages", "none; no access code"} {
		if !strings.Contains(page, want) {
			t.Errorf("people show lacks %q:\n%s", want, page)
		}
	}
	d.refused(1, "no client", "people", "show", "nobody-at-all")

	// Staff: a reset prints a new one-time password; the last administrator stays.
	if out := d.write("staff.reset", "staff", "reset", "rosa"); oneTimePasswordRE.FindString(out) == "" {
		t.Errorf("staff reset: %q", out)
	}
	d.refused(1, "last administrator", "staff", "disable", "ana")
	d.write("staff.disable", "staff", "disable", "rosa")
	if list := d.read("staff", "list"); !regexp.MustCompile(`rosa\s+staff\s+disabled`).MatchString(list) {
		t.Errorf("staff list: %q", list)
	}
}

// TestCLIDeskHelp: help lists the desk's verbs, and each explains itself.
func TestCLIDeskHelp(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	for _, verb := range []string{"setup", "people", "cases", "appointments", "messages", "staff", "audit", "processing-times"} {
		if code != 0 || !strings.Contains(out, "\n  "+verb+" ") {
			t.Errorf("help lacks %s: %q", verb, out)
		}
		if code, _, errOut := runCLI(t, verb, "--help"); code != 0 || !strings.Contains(errOut, "casedesk "+verb) || !strings.Contains(errOut, "-db") {
			t.Errorf("%s --help: %d %q", verb, code, errOut)
		}
	}
	for verb, words := range map[string][]string{
		"appointments": {"appointments reschedule ID"},
		"messages":     {"messages inbox [--unread]", "messages read ID"},
		"audit":        {"--person WHO", "--staff USERNAME", "--kind K", "--from D", "--to D"},
	} {
		_, _, errOut := runCLI(t, verb, "--help")
		for _, w := range words {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s --help lacks %q: %q", verb, w, errOut)
			}
		}
	}
}

// clinicWithCase sets a new store up for a clinic, with one client and one
// case of theirs filed 300 days ago, and returns the desk's day on it, the
// client's id and the case's receipt number.
func clinicWithCase(t *testing.T) (deskDay, string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "clinic.db")
	d := deskDay{t: t, db: db, actor: commandLineActor()}
	code, out, errOut := runWithStdin(t, "river lamp orange 42\n", "setup", "--db", db, "--clinic-name", "Clínica Sur",
		"--clinic-address", `100 Congress Ave\nAustin, TX 78701`, "--clinic-phone", "512-555-0100", "--time-zone", "America/Chicago",
		"--admin-given", "Ana", "--admin-family", "Pérez", "--admin-username", "ana")
	if code != 0 {
		t.Fatalf("setup: %d %q %q", code, out, errOut)
	}
	client := lastWord(d.write("client.add", "people", "add", "--given", "María José", "--family", "Núñez", "--date-of-birth", "03/14/1985",
		"--street", "12 Elm St", "--city", "Austin", "--state", "TX", "--zip", "78701"))
	const receipt = "IOE0912345678"
	d.write("case.add", "cases", "add", "--person", client, "--role", "applicant", "--receipt", receipt, "--form", "I-485",
		"--filed", time.Now().AddDate(0, 0, -300).Format("01/02/2006"))
	return d, client, receipt
}

// noticeIDs are the ids of the notices a notices list shows whose line has title.
func noticeIDs(list, title string) []string {
	var ids []string
	for _, line := range strings.Split(list, "\n") {
		if strings.Contains(line, title) {
			ids = append(ids, strings.Fields(line)[0])
		}
	}
	return ids
}

// writtenTo is the file a notices export says it wrote.
func writtenTo(t *testing.T, out string) string {
	t.Helper()
	_, path, ok := strings.Cut(strings.TrimSpace(out), " to ")
	if !ok {
		t.Fatalf("no file named in %q", out)
	}
	return path
}

// TestCLINoticeExportKeepsEachNotice: two notices of one kind, case and
// date (two appointments scheduled on one day) exported one by one under
// their default names are two files; neither replaces the other, and the
// same notice exported again is the file it already wrote.
func TestCLINoticeExportKeepsEachNotice(t *testing.T) {
	d, _, receipt := clinicWithCase(t)
	day := time.Now().AddDate(0, 2, 0).Format("01/02/2006")
	appt := []string{"appointments", "add", "--receipt", receipt, "--kind", "biometrics", "--date", day, "--zone", "America/Chicago",
		"--place", "USCIS Application Support Center", "--address", `1 Main St\nAustin, TX 78701`}
	d.write("appointment.schedule", append(appt, "--time", "9:30 AM")...)
	d.write("appointment.schedule", append(appt, "--time", "2:15 PM")...)
	ids := noticeIDs(d.read("notices", "list", "--receipt", receipt), "Appointment Notice")
	if len(ids) != 2 {
		t.Fatalf("%d appointment notices: %v", len(ids), ids)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	var paths []string
	for _, id := range ids {
		paths = append(paths, writtenTo(t, d.read("notices", "export", "--notice", id)))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) != 2 || paths[0] == paths[1] {
		t.Fatalf("two notices, exported to %q, left %q", paths, files)
	}
	times := map[string]bool{}
	for _, p := range paths {
		text := pdfText(t, p)
		if !strings.Contains(text, receipt) {
			t.Errorf("%s lacks the receipt number:\n%s", p, text)
		}
		for _, at := range []string{"9:30 AM", "2:15 PM"} {
			if strings.Contains(text, at) {
				times[at] = true
			}
		}
	}
	if len(times) != 2 {
		t.Errorf("the two files do not hold both appointments: %v", times)
	}
	before, _ := os.ReadFile(paths[0])
	if again := writtenTo(t, d.read("notices", "export", "--notice", ids[0])); again != paths[0] {
		t.Errorf("the same notice again went to %s, not %s", again, paths[0])
	}
	files, _ = filepath.Glob(filepath.Join(dir, "*.pdf"))
	if after, _ := os.ReadFile(paths[0]); len(files) != 2 || string(before) != string(after) {
		t.Errorf("exporting a notice again left %q", files)
	}
}

// TestCLIAppointmentReschedule: an appointment moved to a new day, time and
// place keeps its id, gets a new appointment notice and is audited as a
// reschedule by the command line's user; an unknown or cancelled
// appointment and a bad value are refused with the reason, nothing written.
func TestCLIAppointmentReschedule(t *testing.T) {
	d, client, receipt := clinicWithCase(t)
	day := time.Now().AddDate(0, 2, 0)
	appt := []string{"--kind", "biometrics", "--zone", "America/Chicago", "--place", "USCIS Application Support Center",
		"--address", `1 Main St\nAustin, TX 78701`}
	add := append([]string{"appointments", "add", "--receipt", receipt, "--date", day.Format("01/02/2006"), "--time", "9:30 AM"}, appt...)
	id := lastWord(d.write("appointment.schedule", add...))

	later := day.AddDate(0, 0, 7)
	move := []string{"appointments", "reschedule", id, "--kind", "biometrics", "--date", later.Format("2006-01-02"), "--time", "14:15",
		"--zone", "America/Chicago", "--place", "USCIS Field Office", "--address", `2 River Rd\nAustin, TX 78702`, "--bring", "Passport"}
	d.refused(1, "no appointment", append([]string{"appointments", "reschedule", "no-such-appointment"}, move[3:]...)...)
	d.refused(1, "Time", append(append([]string{}, move[:7]...), append([]string{"--time", "25:00"}, move[9:]...)...)...)
	d.refused(1, "is in the past", append(append([]string{}, move[:5]...), append([]string{"--date", "01/02/2020"}, move[7:]...)...)...)
	d.refused(1, "Appointment is not chosen", append([]string{"appointments", "reschedule", id}, move[5:]...)...) // no --kind
	d.refused(2, "wrong number of words", "appointments", "reschedule", "--date", "01/02/2030")
	out := d.write("appointment.reschedule", move...)
	want := "Rescheduled the biometrics appointment of case " + receipt + " to " + later.Format("January 2, 2006") + " at 2:15 PM"
	if !strings.HasPrefix(out, want) || lastWord(out) != id {
		t.Errorf("reschedule: %q, want %q … %s", out, want, id)
	}
	page := d.read("people", "show", client)
	if !regexp.MustCompile(id + `\s+` + regexp.QuoteMeta(later.Format("January 2, 2006")) + ` at 2:15 PM \S+\s+biometrics\s+USCIS Field Office\s+rescheduled`).MatchString(page) {
		t.Errorf("people show after the reschedule:\n%s", page)
	}
	if ids := noticeIDs(d.read("notices", "list", "--receipt", receipt), "Appointment Notice"); len(ids) != 2 {
		t.Errorf("%d appointment notices after a reschedule, want 2", len(ids))
	}
	d.write("appointment.cancel", "appointments", "cancel", id)
	d.refused(1, "was cancelled", move...)
}

// clientWrites puts a message from the client in the clinic's inbox, as the
// client's own inbox would send it, and returns its id.
func clientWrites(t *testing.T, db, personID, subject, body string, at time.Time) string {
	t.Helper()
	s, _ := openWithKeys(t, db)
	m := app.Message{PersonID: personID, Subject: subject, Body: body, SentAt: at}
	if err := s.AddMessage(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// clinicUnread is how many of the clients' messages the clinic has not read.
func clinicUnread(t *testing.T, db string) int {
	t.Helper()
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.ClinicUnread(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCLIMessagesInboxAndRead: the inbox lists the clients' messages, newest
// first, with the unread count (never the clinic's own); reading one shows
// it in full and marks it read by the clinic, not by the client.
func TestCLIMessagesInboxAndRead(t *testing.T) {
	d, client, receipt := clinicWithCase(t)
	d.read("messages", "inbox") // an empty inbox is no failure
	if out := d.read("messages", "inbox", "--unread"); out != "No unread messages from clients.\n" {
		t.Errorf("an empty inbox: %q", out)
	}
	older := clientWrites(t, d.db, client, "Mi cita", "¿Puedo cambiar la fecha?", time.Now().Add(-2*time.Hour))
	newer := clientWrites(t, d.db, client, "Nueva dirección", "Me mudé a\n34 Oak St.", time.Now().Add(-time.Hour))
	sent := lastWord(d.write("message.send", "messages", "send", "--person", client, "--receipt", receipt, "--subject", "Su caso", "--body", "Hola"))

	out := d.read("messages", "inbox")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "2 messages from clients, 2 unread." || strings.Contains(out, sent) {
		t.Fatalf("inbox: %q", out)
	}
	if !regexp.MustCompile(`^`+newer+`\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+María José Núñez\s+Nueva dirección\s+unread$`).MatchString(lines[2]) ||
		!strings.HasPrefix(lines[3], older+" ") {
		t.Errorf("inbox, newest first: %q", out)
	}

	d.refused(1, "no message", "messages", "read", "no-such-message")
	code, out, errOut := runCLI(t, "messages", "read", newer, "--db", d.db)
	if code != 0 || !strings.Contains(out, "From:     María José Núñez (client "+client+")") || !strings.Contains(out, "To:       the clinic") ||
		!strings.Contains(out, "Subject:  Nueva dirección") || !strings.Contains(out, "\nMe mudé a\n34 Oak St.\n") || !strings.Contains(out, "Marked read by the clinic.") {
		t.Fatalf("read: %d %q %q", code, out, errOut)
	}
	if n := clinicUnread(t, d.db); n != 1 {
		t.Errorf("%d unread after reading one of 2", n)
	}
	s, err := data.Open(context.Background(), d.db)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Message(context.Background(), newer)
	s.Close()
	if err != nil || !m.ReadAt.IsZero() {
		t.Errorf("the clinic's read marked the client's side: %v %+v", err, m)
	}
	out = d.read("messages", "inbox", "--unread")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || lines[0] != "1 unread message from clients." || !strings.HasPrefix(lines[2], older+" ") {
		t.Errorf("inbox --unread: %q", out)
	}
	if out := d.read("messages", "inbox"); !regexp.MustCompile(newer + `\s.*\sread\n`).MatchString(out) {
		t.Errorf("a read message in the inbox: %q", out)
	}

	// The clinic's own message reads as sent to the client, marks nothing.
	code, out, _ = runCLI(t, "messages", "read", sent, "--db", d.db)
	if code != 0 || !strings.Contains(out, "From:     the clinic") || !strings.Contains(out, "Case:     "+receipt) ||
		!strings.Contains(out, "The client has not read it yet.") || clinicUnread(t, d.db) != 1 {
		t.Errorf("read the clinic's own message: %d %q", code, out)
	}
}

// auditRows are the actions of the rows an audit command printed, in
// order: the words under the ACTION heading (the columns are aligned by
// characters).
func auditRows(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	at := strings.Index(lines[0], "ACTION")
	if !strings.HasPrefix(lines[0], "WHEN ") || at < 0 {
		t.Fatalf("no audit table: %q", out)
	}
	var actions []string
	for _, l := range lines[1:] {
		r := []rune(l)
		if len(r) <= at {
			t.Fatalf("a short row: %q", l)
		}
		actions = append(actions, strings.Fields(string(r[at:]))[0])
	}
	return actions
}

// TestCLIAudit: the audit log, read-only, narrowed by client, staff member
// (their sign-ins, audited under their account, shown by username), kind
// and days; what the command line wrote names the computer's user.
func TestCLIAudit(t *testing.T) {
	ctx := context.Background()
	d, client, receipt := clinicWithCase(t)
	other := lastWord(d.write("client.add", "people", "add", "--given", "Bo", "--family", "Chen", "--date-of-birth", "1990-01-02"))
	d.write("message.send", "messages", "send", "--person", receipt, "--subject", "Hola", "--body", "Su caso")
	s, keys := openWithKeys(t, d.db)
	if _, err := auth.NewSignIn(s, keys, nil, auth.DefaultArgon2).Password(ctx, "ana", "not the password"); err == nil {
		t.Fatal("a wrong password signed in")
	}

	all := d.read("audit")
	if got := auditRows(t, all); !slices.Equal(got, []string{"signin.failed", "message.send", "client.add", "case.add", "client.add", "clinic.setup"}) {
		t.Errorf("audit, newest first: %v\n%s", got, all)
	}
	if !regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d\s+ana\s+signin.failed\s+wrong password$`).MatchString(all) ||
		!strings.Contains(all, d.actor+"  client.add") {
		t.Errorf("audit names the sign-in by username and the command line by its user:\n%s", all)
	}
	if got := auditRows(t, d.read("audit", "--person", client)); !slices.Equal(got, []string{"message.send", "case.add", "client.add"}) {
		t.Errorf("audit --person: %v", got)
	}
	if got := auditRows(t, d.read("audit", "--person", other)); !slices.Equal(got, []string{"client.add"}) {
		t.Errorf("audit --person (the other client): %v", got)
	}
	if got := auditRows(t, d.read("audit", "--staff", "ANA")); !slices.Equal(got, []string{"signin.failed", "clinic.setup"}) {
		t.Errorf("audit --staff: %v", got)
	}
	if got := auditRows(t, d.read("audit", "--staff", d.actor, "--kind", "clients")); !slices.Equal(got, []string{"client.add", "client.add"}) {
		t.Errorf("audit --staff (the command line) --kind: %v", got)
	}
	if got := auditRows(t, d.read("audit", "--kind", "case.add", "--person", receipt)); !slices.Equal(got, []string{"case.add"}) {
		t.Errorf("audit --kind with an action: %v", got)
	}
	today, yesterday := time.Now(), time.Now().AddDate(0, 0, -1)
	if got := auditRows(t, d.read("audit", "--from", today.Format("01/02/2006"), "--to", today.Format("2006-01-02"))); len(got) != 6 {
		t.Errorf("audit of today: %v", got)
	}
	if out := d.read("audit", "--to", yesterday.Format("01/02/2006")); out != "Nothing in the audit log matches.\n" {
		t.Errorf("audit until yesterday: %q", out)
	}
	if out := d.read("audit", "--staff", "nobody"); !strings.Contains(out, `No staff account has the username "nobody"`) {
		t.Errorf("audit --staff nobody: %q", out)
	}
	d.refused(1, "no client", "audit", "--person", "nobody-at-all")
	d.refused(1, "is not a kind of audit row", "audit", "--kind", "frobs")
	d.refused(1, "is after", "audit", "--from", today.Format("01/02/2006"), "--to", yesterday.Format("01/02/2006"))
	d.refused(2, `unexpected "everything"`, "audit", "everything")
}
