package textdiff_test

import (
	"fmt"

	"github.com/lmo-observatory/lmo/internal/textdiff"
)

func ExampleWords() {
	for _, op := range textdiff.Words("Fees are charged to workers.", "No fees are charged to workers.") {
		fmt.Printf("%s %q\n", op.Kind, op.Text)
	}
	// Output:
	// delete "Fees"
	// insert "No fees"
	// equal " are charged to workers."
}
