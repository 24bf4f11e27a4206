// Command phantom writes the sample cases bundled with the page: simulated B-mode breast
// ultrasound images (Rayleigh speckle, tissue layers, one hypoechoic lesion) with their lesion
// masks. Real patient images (BUSI) may not be redistributed, so the page ships these instead.
// The output is deterministic: the same binary writes the same bytes every time.
//
// Usage:
//
//	go run ./tools/phantom -out DIR
//
// It writes DIR/<id>.png (8-bit grey image), DIR/<id>_mask.png (0 background, 255 lesion) and
// DIR/samples.json, the list the page shows.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
)

// samples are the bundled cases. They are simulations, not patients; their look follows the
// BI-RADS lexicon loosely (oval circumscribed with posterior enhancement versus irregular with
// shadowing) but they carry no ground-truth class.
var samples = []Spec{
	{
		ID: "phantom-oval", Title: "Phantom 1: oval, circumscribed lesion",
		Description: "Simulated B-mode image, oval hypoechoic lesion with smooth margin and " +
			"posterior enhancement.",
		Seed: 20251, Width: 560, Height: 460,
		CX: 290, CY: 215, RX: 78, RY: 46, Tilt: 0.12, Irregularity: 0.02, Lobes: 2,
		Echo: 0.10, Posterior: 1.4,
	},
	{
		ID: "phantom-irregular", Title: "Phantom 2: irregular lesion with shadowing",
		Description: "Simulated B-mode image, irregular hypoechoic lesion, taller than wide, " +
			"with an angular margin and posterior acoustic shadowing.",
		Seed: 20252, Width: 540, Height: 470,
		CX: 260, CY: 230, RX: 52, RY: 66, Tilt: -0.3, Irregularity: 0.16, Lobes: 6,
		Echo: 0.08, Posterior: 0.35,
	},
	{
		ID: "phantom-small", Title: "Phantom 3: small lesion near the chest wall",
		Description: "Simulated B-mode image, small round hypoechoic lesion deep in the " +
			"glandular layer.",
		Seed: 20253, Width: 500, Height: 420,
		CX: 300, CY: 270, RX: 30, RY: 26, Tilt: 0, Irregularity: 0.06, Lobes: 3,
		Echo: 0.14, Posterior: 1.1,
	},
}

// Entry is one line of samples.json.
type Entry struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Image       string `json:"image"`
	Mask        string `json:"mask"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

func main() {
	out := flag.String("out", "", "output directory (created if missing)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: phantom -out DIR")
		os.Exit(2)
	}
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "phantom:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var list []Entry
	for _, s := range samples {
		p := Generate(s)
		e := Entry{ID: s.ID, Title: s.Title, Description: s.Description,
			Image: s.ID + ".png", Mask: s.ID + "_mask.png", Width: s.Width, Height: s.Height}
		if err := writePNG(filepath.Join(dir, e.Image), p.Image); err != nil {
			return err
		}
		if err := writePNG(filepath.Join(dir, e.Mask), p.Mask); err != nil {
			return err
		}
		list = append(list, e)
	}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "samples.json"), append(b, '\n'), 0o644)
}

func writePNG(path string, img image.Image) error {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
