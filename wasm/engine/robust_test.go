package engine

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/weights"
	"github.com/uran-browser/uran/weights/weightstest"
)

// TestLoadModelBadFiles: the damaged weights files listed in the README's bad-input table give,
// through the JavaScript API's engine, the messages tools/predict prints ("weights file NAME:
// problem").
func TestLoadModelBadFiles(t *testing.T) {
	good := weights.DefaultFile()
	m, err := weights.Default()
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := weightstest.ForeignFeature(m, "original_glcm_NotAFeature")
	if err != nil {
		t.Fatal(err)
	}
	n := len(m.Features)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated.uranw", weightstest.Truncated(good), "weights file truncated.uranw: not a " +
			"valid URAN weights file: envelope: the file ends in the middle of its JSON text " +
			fmt.Sprintf("after %d bytes (truncated?)", len(good)/2)},
		{"checksum.uranw", weightstest.WrongChecksum(good), "weights file checksum.uranw: " +
			"checksum mismatch: the stored sha256 is "},
		{"newer.uranw", weightstest.NewerVersion(good), "weights file newer.uranw: format " +
			"version 2: the file was made by a newer URAN (this build reads versions up to 1); " +
			"update URAN to load it"},
		{"foreign.uranw", foreign, fmt.Sprintf("weights file foreign.uranw: invalid URAN "+
			"model: feature %d is \"original_glcm_NotAFeature\" in the model but %q from its "+
			"extraction parameters", n-1, m.Features[n-1])},
		{"nan.uranw", weightstest.NaNWeight(good), "weights file nan.uranw: not a valid URAN " +
			"weights file: envelope: a number is written NaN at line "},
		{"inf.uranw", weightstest.OutOfRangeWeight(good), "weights file inf.uranw: not a " +
			"valid URAN weights file: body: classifier.output.w: the number 1e999 at line "},
	}
	e := New("test")
	for _, c := range cases {
		_, err := e.LoadModel(c.data, c.name)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got  %v\n want %s…", c.name, err, c.want)
		}
		if e.Model() != nil {
			t.Errorf("%s: a model was loaded", c.name)
		}
	}
	if err := weights.CheckFileSize("big.uranw", weights.MaxFileSize+1); err == nil ||
		err.Error() != "weights file big.uranw: not a valid URAN weights file: file is "+
			"67108865 bytes, more than the 67108864 allowed" {
		t.Errorf("oversized: %v", err)
	}
}

// TestPredictBadInputs: the bad images and masks listed in the README's bad-input table give,
// through the engine, the messages of tools/extract and tools/predict.
func TestPredictBadInputs(t *testing.T) {
	e := New("test")
	if _, err := e.LoadDefault(); err != nil {
		t.Fatal(err)
	}
	imgData, maskData := testCase(t, 255, 0)
	png := func(w, h int, f func(x, y int) uint8) []byte {
		return imageiotest.PNG(imageiotest.Gray(w, h, f))
	}
	m120 := png(96, 80, func(x, y int) uint8 {
		if x >= 30 && x < 40 && y >= 30 && y < 40 {
			return 120
		}
		return 0
	})
	cases := []struct {
		name        string
		image, mask *Input
		label       uint32
		want        string
	}{
		{"label 1 on a 0/120 mask", fileInput("i.png", imgData), fileInput("m120.png", m120), 1,
			"find lesion in m120.png: label 1 is not in the mask; the mask's labels are 120 " +
				"(100 pixels, 1 region). Choose one of them, or 0 for every non-zero pixel"},
		{"empty mask", fileInput("i.png", imgData),
			fileInput("empty.png", png(96, 80, func(x, y int) uint8 { return 0 })), 0,
			"find lesion in empty.png: the mask is empty (every pixel is 0), so there is no " +
				"lesion to measure"},
		{"other size", fileInput("i.png", imgData),
			fileInput("small.png", png(40, 30, func(x, y int) uint8 { return 1 })), 0,
			"match mask small.png: PNG mask is 40 × 30 pixels but image i.png is 96 × 80; a " +
				"mask must have its image's size"},
		{"corrupt PNG", fileInput("bad.png", []byte("\x89PNG\r\n\x1a\nrubbish")),
			fileInput("m.png", maskData), 0, "decode image bad.png: PNG is "},
		{"truncated PNG", fileInput("cut.png", imgData[:len(imgData)/2]),
			fileInput("m.png", maskData), 0, "decode image cut.png: PNG is truncated"},
		{"60000 × 60000 header", fileInput("huge.png", imageiotest.PNGBomb(60000, 60000, 1<<10)),
			fileInput("m.png", maskData), 0, "decode image huge.png: PNG header declares " +
				"60000 × 60000 pixels (3600000000), over the limit of 40000000 pixels; if " +
				"the file is genuine, raise the limit with the maxPixels option"},
		{"3-D npy", fileInput("vol.npy", imageiotest.RawNPY("|u1", false, "(2, 80, 96)",
			make([]byte, 2*80*96))), fileInput("m.png", maskData), 0,
			"decode image vol.npy: NPY array has shape (2, 80, 96), a 3-D volume or a stack " +
				"of 2 images: save one slice, arr[k]"},
		{"multi-frame DICOM", fileInput("cine.dcm", cine(3)), fileInput("m.png", maskData), 0,
			"decode image cine.dcm: DICOM has 3 frames (a cine loop or a volume) but URAN " +
				"measures one 2-D image: choose one with the frame option (1 to 3; -frame in " +
				"the commands, frame in the JavaScript API) or export that frame as a single " +
				"image"},
	}
	for _, c := range cases {
		_, err := e.Predict(Request{Image: c.image, Mask: c.mask, Label: c.label}, nil)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got  %v\n want %s…", c.name, err, c.want)
		}
	}

	// The frame option of the JavaScript API picks a frame.
	in := fileInput("cine.dcm", cine(3))
	in.Frame = 2
	if _, err := e.Predict(Request{Image: in, Mask: fileInput("m.png", maskData)},
		nil); err != nil {
		t.Errorf("frame 2: %v", err)
	}
}

// cine is a 96 × 80 MONOCHROME2 DICOM of n frames (grey 100, a darker square per frame).
func cine(n int) []byte {
	px := make([]byte, n*96*80)
	for i := range px {
		px[i] = byte(100 + (i*7)%50)
	}
	return imageiotest.DICOM{Rows: 80, Cols: 96, Frames: n, Samples: 1, BitsAllocated: 8,
		Photometric: "MONOCHROME2", Pixels: px}.Encode()
}

// TestPredictLesionReport: several lesions, colour Doppler and pure-white pixels in the lesion
// are reported in the result (lesion facts and warnings), and the prediction is still made.
func TestPredictLesionReport(t *testing.T) {
	e := New("test")
	if _, err := e.LoadDefault(); err != nil {
		t.Fatal(err)
	}
	// 96 × 80 colour image: grey speckle-free ramp, a red block x 20–29, y 20–29 (100
	// pixels) and a white bar x 20–29, y 35 (10 pixels). Mask: lesion A x 15–34, y 15–39
	// (500 pixels, holding the whole red block and the bar) and lesion B x 60–69, y 50–59
	// (100 pixels).
	rgb := image.NewRGBA(image.Rect(0, 0, 96, 80))
	mask := image.NewGray(image.Rect(0, 0, 96, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 96; x++ {
			v := uint8(60 + x + (y*3)%40)
			c := color.RGBA{v, v, v, 255}
			switch {
			case x >= 20 && x < 30 && y >= 20 && y < 30:
				c = color.RGBA{210, 40, 30, 255}
			case x >= 20 && x < 30 && y == 35:
				c = color.RGBA{255, 255, 255, 255}
			}
			rgb.Set(x, y, c)
			if (x >= 15 && x < 35 && y >= 15 && y < 40) || (x >= 60 && x < 70 && y >= 50 &&
				y < 60) {
				mask.SetGray(x, y, color.Gray{255})
			}
		}
	}
	r, err := e.Predict(Request{Image: fileInput("doppler.png", imageiotest.PNG(rgb)),
		Mask: fileInput("two.png", imageiotest.PNG(mask))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := api.Lesion{Label: 0, Pixels: 600, Regions: []int{500, 100}, ColoredPixels: 100,
		SaturatedPixels: 10}
	l := r.Lesion
	if l.Label != want.Label || l.Pixels != want.Pixels || !slices.Equal(l.Regions,
		want.Regions) || l.ColoredPixels != 100 || l.SaturatedPixels != 10 || len(l.Edges) != 0 {
		t.Errorf("lesion %+v, want %+v", l, want)
	}
	for _, w := range []string{
		"lesion in two.png: the lesion (every non-zero pixel) has 2 separate regions " +
			"(8-connected) of 500 and 100 pixels; they are measured together as one region " +
			"of interest",
		"lesion in two.png: 100 of the lesion's 600 pixels (16.7%) are coloured (R, G, B not " +
			"all equal): colour Doppler or annotations inside the lesion; their grey values " +
			"come from the overlay, not from the B-mode echo, and change the features",
		"lesion in two.png: 10 of the lesion's 600 pixels (1.7%) are pure white (255, the " +
			"largest value the file holds): clipped echoes, or text or calipers burnt into " +
			"the image; their true intensity is unknown",
	} {
		if !slices.Contains(r.Warnings, w) {
			t.Errorf("warnings lack %q:\n%q", w, r.Warnings)
		}
	}
	// The image's coloured share is a note of the image summary (shown on the page).
	if !slices.ContainsFunc(r.Image.Notes, func(n string) bool {
		return strings.HasPrefix(n, "100 of 7680 pixels (1.30%) are coloured")
	}) {
		t.Errorf("image notes %q", r.Image.Notes)
	}
	if len(r.Probabilities) != 2 {
		t.Errorf("no prediction: %+v", r.Probabilities)
	}
}

// TestExtractParameterFileErrors: a parameter file given to the JavaScript API's extract is
// named in its errors when the caller names it.
func TestExtractParameterFileErrors(t *testing.T) {
	e := New("test")
	imgData, maskData := testCase(t, 255, 0)
	req := Request{Image: fileInput("i.png", imgData), Mask: fileInput("m.png", maskData)}
	_, err := e.Extract(req, "setting:\n  binCount: 0\n", "p.yaml", nil)
	if err == nil || err.Error() != "parameter file p.yaml: setting binCount: must be an "+
		"integer >= 1, got 0 (line 2)" {
		t.Errorf("named: %v", err)
	}
	_, err = e.Extract(req, "imageType:\n  LoG:\n    sigma: [0]\n", "", nil)
	if err == nil || err.Error() != "parameter file: imageType LoG: setting sigma: every "+
		"sigma must be a finite number > 0, got 0 (line 3)" {
		t.Errorf("unnamed: %v", err)
	}
}

// TestInputLimitsAndFrames: the maxPixels and maxBytes options of the JavaScript API reach the
// decoder (files and raw pixels) and their messages name the option; the decode summary tells
// how many frames a file holds and which one was decoded.
func TestInputLimitsAndFrames(t *testing.T) {
	imgData, _ := testCase(t, 255, 0)
	in := fileInput("i.png", imgData)
	in.MaxPixels = 1000
	_, _, err := in.Image()
	want := "decode image i.png: PNG header declares 96 × 80 pixels (7680), over the limit " +
		"of 1000 pixels; if the file is genuine, raise the limit with the maxPixels option"
	if err == nil || err.Error() != want {
		t.Errorf("maxPixels:\n got  %v\n want %s", err, want)
	}
	in = fileInput("m.png", imgData)
	in.MaxBytes = 100
	if _, _, err := in.Mask(); err == nil || !strings.HasSuffix(err.Error(), "over the limit "+
		"of 100 bytes; if the file is genuine, raise the limit with the maxBytes option") {
		t.Errorf("maxBytes: %v", err)
	}
	raw := &Input{Kind: KindArray, Name: "raw", DType: "uint8", Width: 40, Height: 30,
		Bytes: make([]byte, 1200), MaxPixels: 1000}
	want = "image raw: 40 × 30 pixels (1200) is over the limit of 1000 pixels; if the image " +
		"is genuine, raise the limit with the maxPixels option"
	if _, _, err := raw.Image(); err == nil || err.Error() != want {
		t.Errorf("raw maxPixels:\n got  %v\n want %s", err, want)
	}
	raw.MaxPixels = 1200
	if _, _, err := raw.Image(); err != nil {
		t.Errorf("raw at the limit: %v", err)
	}

	in = fileInput("cine.dcm", cine(3))
	in.Frame = 2
	d, err := DecodeForDisplay(in, "image")
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.Frames != 3 || d.Summary.Frame != 2 {
		t.Errorf("cine: frames %d, frame %d; want 3 and 2", d.Summary.Frames, d.Summary.Frame)
	}
	d, err = DecodeForDisplay(fileInput("i.png", imgData), "image")
	if err != nil || d.Summary.Frames != 1 || d.Summary.Frame != 1 {
		t.Errorf("single image: %v, %+v", err, d)
	}
}
