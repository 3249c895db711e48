// Command rows prints how many rows a CaseDesk store holds in all, for the
// build benchmark's floor.
package main

import (
	"context"
	"fmt"
	"os"

	"casedesk/data"
)

func main() {
	s, err := data.Open(context.Background(), os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	sum, err := s.Summary(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(sum.People + sum.Cases + sum.Events + sum.Notices + sum.Appointments + sum.Messages)
}
