package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
)

const appointmentsUsage = `Usage:
  casedesk appointments add --receipt R --kind biometrics|interview|oath --date D --time T
                            --place P --address A [--zone Z] [--bring B]
  casedesk appointments reschedule ID --kind K --date D --time T --place P --address A
                            [--zone Z] [--bring B]
  casedesk appointments cancel ID

add schedules an appointment on a case, records its appointment notice and
tells the client in their inbox when they have an account; it prints the
appointment's id (the last word). The date and time are the clock at the
place (9:30 AM or 14:00), in --zone (like America/Chicago; default: from the
client's state). In --address and --bring, \n separates lines.
reschedule moves an appointment, by its id, to a new day, time or place, with
a new appointment notice, and tells the client as add does; it takes the
details again, as add does (the new notice carries only what is given, what
to bring included), and prints the id. A cancelled appointment is not
rescheduled: add a new one. cancel cancels an appointment by its id. casedesk
people show lists a client's appointments with their ids.
`

// appointmentsCommand is "appointments add", "appointments reschedule" and
// "appointments cancel".
func appointmentsCommand(ctx context.Context, env Env, args []string) error {
	var f desk.AppointmentForm
	var receipt, kind string
	c, err := flags(env, "appointments", appointmentsUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&receipt, "receipt", "", "add: the case's receipt number")
		fs.StringVar(&kind, "kind", "", "add, reschedule: biometrics, interview or oath")
		fs.StringVar(&f.Date, "date", "", "add, reschedule: the day, like 03/14/2027")
		fs.StringVar(&f.Time, "time", "", "add, reschedule: the time at the place, like 9:30 AM or 14:00")
		fs.StringVar(&f.TimeZone, "zone", "", "add, reschedule: the place's time zone, like America/Chicago (default: from the client's state)")
		fs.StringVar(&f.Place, "place", "", "add, reschedule: the office's name")
		fs.StringVar(&f.Address, "address", "", "add, reschedule: the office's address")
		fs.StringVar(&f.Bring, "bring", "", "add, reschedule: what to bring")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(appointmentsUsage)
	}
	sub, rest := c.words[0], c.words[1:]
	cmd := "appointments " + sub
	details := []string{"kind", "date", "time", "zone", "place", "address", "bring"}
	switch {
	case sub == "add" && len(rest) == 0:
		err = c.only(cmd, append(details, "receipt")...)
		if err == nil && receipt == "" {
			return usage(fmt.Sprintf("casedesk appointments add: name the case with --receipt\n\n%s", appointmentsUsage))
		}
	case sub == "reschedule" && len(rest) == 1:
		err = c.only(cmd, details...)
	case sub == "cancel" && len(rest) == 1:
		err = c.only(cmd)
	case sub == "add" || sub == "reschedule" || sub == "cancel":
		return usage(fmt.Sprintf("casedesk %s: wrong number of words\n\n%s", cmd, appointmentsUsage))
	default:
		return usage(fmt.Sprintf("casedesk appointments: unknown command %q\n\n%s", sub, appointmentsUsage))
	}
	if err != nil {
		return err
	}
	f.Kind = app.AppointmentKind(strings.ToLower(strings.TrimSpace(kind)))
	f.Address, f.Bring = strings.ReplaceAll(f.Address, `\n`, "\n"), strings.ReplaceAll(f.Bring, `\n`, "\n")
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "cancel":
		return cancelAppointment(ctx, env, d, cmd, strings.TrimSpace(rest[0]))
	case "reschedule":
		return rescheduleAppointment(ctx, env, d, cmd, strings.TrimSpace(rest[0]), f)
	}
	k, err := findCase(ctx, s, cmd, receipt)
	if err != nil {
		return err
	}
	f.CaseID = k.ID
	a, err := d.ScheduleAppointment(ctx, f)
	if err != nil {
		return deskFailed(cmd, err, "")
	}
	fmt.Fprintf(env.Stdout, "Scheduled the %s appointment of case %s on %s, with its appointment notice: %s\n", a.Kind, k.Receipt, a.When(), a.ID)
	return nil
}

// noAppointment says that id names no appointment, and where ids are.
func noAppointment(id string) string {
	return fmt.Sprintf("CaseDesk has no appointment %q; casedesk people show lists a client's appointments.", id)
}

// rescheduleAppointment moves the appointment id as f says. The desk takes
// the case from the appointment, so f names none.
func rescheduleAppointment(ctx context.Context, env Env, d *desk.Desk, cmd, id string, f desk.AppointmentForm) error {
	a, err := d.RescheduleAppointment(ctx, id, f)
	if err != nil {
		return deskFailed(cmd, err, noAppointment(id))
	}
	of := ""
	// The appointment is saved by now: a case that cannot be read only
	// leaves its receipt number out of what is printed.
	if v, err := d.Case(ctx, a.CaseID); err == nil {
		of = " of case " + string(v.Case.Receipt)
	}
	fmt.Fprintf(env.Stdout, "Rescheduled the %s appointment%s to %s, with a new appointment notice: %s\n", a.Kind, of, a.When(), a.ID)
	return nil
}

// cancelAppointment cancels the appointment id.
func cancelAppointment(ctx context.Context, env Env, d *desk.Desk, cmd, id string) error {
	err := d.CancelAppointment(ctx, id)
	if errors.Is(err, app.ErrUnchanged) {
		fmt.Fprintf(env.Stdout, "The appointment %s was already cancelled; nothing was changed.\n", id)
		return nil
	}
	if err != nil {
		return deskFailed(cmd, err, noAppointment(id))
	}
	fmt.Fprintf(env.Stdout, "Cancelled the appointment %s; the client is told in their inbox when they have an account.\n", id)
	return nil
}
