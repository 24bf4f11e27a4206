package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// TestFrameOption: -frame chooses the frame of a multi-frame DICOM (the multi-frame message
// tells users to give it), and a single-frame mask is used with it, as in tools/extract.
func TestFrameOption(t *testing.T) {
	f := newFixture(t)
	w, h := 48, 40
	pix := make([]byte, 3*w*h)
	for i := range pix {
		pix[i] = byte(40 + (i*7)%90 + 30*(i/(w*h)))
	}
	cine := filepath.Join(f.dir, "cine.dcm")
	writeFile(t, cine, imageiotest.DICOM{Rows: h, Cols: w, Frames: 3, Samples: 1,
		BitsAllocated: 8, Photometric: "MONOCHROME2", Pixels: pix}.Encode())

	_, errs, code := runTool(t, "-weights", f.weights, "-image", cine, "-mask", f.mask)
	want := "predict: " + cine + ": decode image " + cine + ": DICOM has 3 frames"
	if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs,
		"choose one with the frame option (1 to 3; -frame in the commands") {
		t.Errorf("no -frame: exit %d, stderr %q; want %q…", code, errs, want)
	}

	probs := map[string]float64{}
	for _, frame := range []string{"1", "3"} {
		out, errs, code := runTool(t, "-weights", f.weights, "-image", cine, "-mask", f.mask,
			"-frame", frame)
		var got struct {
			Class         string
			Probabilities map[string]float64
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || got.Class == "" {
			t.Fatalf("-frame %s: exit %d, %v, stderr %q", frame, code, err, errs)
		}
		probs[frame] = got.Probabilities["malignant"]
	}
	if probs["1"] == probs["3"] {
		t.Errorf("frames 1 and 3 give the same probability %v; the frame was not used",
			probs["1"])
	}

	_, errs, code = runTool(t, "-weights", f.weights, "-image", cine, "-mask", f.mask,
		"-frame", "4")
	if code != 1 || !strings.Contains(errs, "DICOM frame 4 was requested but the file has 3 "+
		"frame(s)") {
		t.Errorf("-frame 4: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := runTool(t, "-image", cine, "-mask", f.mask, "-frame", "-1"); code != 2 ||
		!strings.Contains(errs, "predict: -frame -1: frames count from 1") {
		t.Errorf("-frame -1: exit %d, stderr %q", code, errs)
	}
}

// TestSizeLimitFlags: -max-pixels and -max-bytes set the decoders' limits, and the messages
// name the flag to raise.
func TestSizeLimitFlags(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		args []string
		line string
	}{
		{[]string{"-max-pixels", "1000"}, "predict: " + f.image + ": decode image " + f.image +
			": PNG header declares 48 × 40 pixels (1920), over the limit of 1000 pixels; if " +
			"the file is genuine, raise the limit with -max-pixels"},
		{[]string{"-max-bytes", "100"}, "predict: " + f.image + ": decode image " + f.image +
			": file has "},
	}
	for _, c := range cases {
		args := append([]string{"-weights", f.weights, "-image", f.image, "-mask", f.mask},
			c.args...)
		_, errs, code := runTool(t, args...)
		if code != 1 || !strings.Contains(errs, c.line) {
			t.Errorf("%v: exit %d, stderr %q; want a line starting\n%s", c.args, code, errs,
				c.line)
		}
	}
	_, errs, _ := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", f.mask,
		"-max-bytes", "100")
	if !strings.Contains(errs, "bytes, over the limit of 100 bytes; if the file is genuine, "+
		"raise the limit with -max-bytes") {
		t.Errorf("-max-bytes: stderr %q", errs)
	}
	if _, _, code := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", f.mask,
		"-max-pixels", "1920"); code != 0 {
		t.Errorf("-max-pixels at the image's size: exit %d", code)
	}
	if _, errs, code := runTool(t, "-image", f.image, "-mask", f.mask, "-max-pixels",
		"0"); code != 2 || !strings.Contains(errs, "predict: -max-pixels 0: want at least 1 pixel") {
		t.Errorf("-max-pixels 0: exit %d, stderr %q", code, errs)
	}
}
