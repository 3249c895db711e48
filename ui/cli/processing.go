package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"casedesk/app/desk"
)

const processingUsage = `Usage:
  casedesk processing-times set --form F --office O --min M --max M [--as-of D] [--source S]
  casedesk processing-times list

set keeps how long a form takes at an office, in months (8.5 is eight and a
half), as of a date (default today), with where the figure comes from; a
second set for the same form and office replaces the first. list shows them.
`

// processingCommand is "processing-times set" and "processing-times list".
func processingCommand(ctx context.Context, env Env, args []string) error {
	var f desk.ProcessingForm
	c, err := flags(env, "processing-times", processingUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&f.FormType, "form", "", "set: the form, like I-485")
		fs.StringVar(&f.Office, "office", "", "set: the office, like NBC")
		fs.StringVar(&f.Min, "min", "", "set: the fewest months it takes")
		fs.StringVar(&f.Max, "max", "", "set: the most months it takes")
		fs.StringVar(&f.AsOf, "as-of", "", "set: the date of the figures (default today)")
		fs.StringVar(&f.Source, "source", "", "set: where the figures come from, like uscis.gov")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 1 || (c.words[0] != "set" && c.words[0] != "list") {
		return usage(processingUsage)
	}
	sub := c.words[0]
	cmd := "processing-times " + sub
	if sub == "set" {
		err = c.only(cmd, "form", "office", "min", "max", "as-of", "source")
	} else {
		err = c.only(cmd)
	}
	if err != nil {
		return err
	}
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "set" {
		t, err := d.SetProcessingTime(ctx, f)
		if err != nil {
			return deskFailed(cmd, err, "")
		}
		fmt.Fprintf(env.Stdout, "Set %s at %s: %s to %s months, as of %s.\n", t.FormType, t.Office, months(t.MinMonths), months(t.MaxMonths), t.AsOf)
		return nil
	}
	times, err := d.ProcessingTimes(ctx)
	if err != nil {
		return deskFailed(cmd, err, "")
	}
	if len(times) == 0 {
		fmt.Fprintln(env.Stdout, "No processing times are kept yet (casedesk processing-times set).")
		return nil
	}
	rows := make([][]string, len(times))
	for i, t := range times {
		rows[i] = []string{t.FormType, t.Office, months(t.MinMonths) + "-" + months(t.MaxMonths), dateOrDash(t.AsOf), orDash(t.Source)}
	}
	return table(env.Stdout, "FORM\tOFFICE\tMONTHS\tAS OF\tSOURCE", rows)
}

// months is a number of months as people write it: 8, 8.5.
func months(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) }
