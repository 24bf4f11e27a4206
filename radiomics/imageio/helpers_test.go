package imageio

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// sharedDir finds the team's shared folder: $URAN_SHARED, else a directory named "shared"
// beside one of the ancestors of the test's working directory. Tests that need it skip when
// it is missing.
func sharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("URAN_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Skip("no working directory")
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "..", "shared")); err == nil && st.IsDir() {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			pyref.Unavailable(t, "shared data folder not found (set URAN_SHARED)")
		}
		dir = parent
	}
}

// wantErr checks that err is an *Error of the given kind whose message holds every part.
func wantErr(t *testing.T, err error, kind error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %v", kind)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %q (%T) is not an *imageio.Error", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q has kind %v, want %v", err, e.Kind, kind)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// near reports whether a and b agree within tol.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func wantPix(t *testing.T, got []float64, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d pixels, want %d", len(got), len(want))
	}
	for i := range want {
		if !near(got[i], want[i], tol) {
			t.Fatalf("pixel %d = %v, want %v (±%g); all: %v", i, got[i], want[i], tol, got)
		}
	}
}

func hasWarning(in *Info, part string) bool {
	for _, w := range in.Warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

func contains(s, part string) bool { return strings.Contains(s, part) }
