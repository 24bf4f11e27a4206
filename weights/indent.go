package weights

import "bytes"

// indentJSON writes the compact JSON value src to b with one object member per line, indented
// by prefix and two spaces per level, while an array that holds only numbers, strings, booleans
// or nulls stays on one line. This keeps a file of long weight vectors readable and its diffs
// small. src must be valid compact JSON (encoding/json output); strings are copied verbatim.
func indentJSON(b *bytes.Buffer, src []byte, prefix string) {
	depth := 0
	newline := func() {
		b.WriteByte('\n')
		b.WriteString(prefix)
		for range depth {
			b.WriteString("  ")
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := endOfString(src, i)
			b.Write(src[i:j])
			i = j - 1
		case '[':
			if end, flat := flatArray(src, i); flat {
				writeFlatArray(b, src[i:end])
				i = end - 1
				continue
			}
			fallthrough
		case '{':
			b.WriteByte(c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				continue
			}
			depth++
			newline()
		case '}', ']':
			if i > 0 && src[i-1] != '{' && src[i-1] != '[' {
				depth--
				newline()
			}
			b.WriteByte(c)
		case ',':
			b.WriteByte(c)
			newline()
		case ':':
			b.WriteString(": ")
		default:
			b.WriteByte(c)
		}
	}
}

// endOfString returns the index just past the JSON string that starts at src[i] == '"'.
func endOfString(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(src)
}

// flatArray reports whether the array starting at src[i] == '[' holds no object or array, and
// returns the index just past its closing bracket.
func flatArray(src []byte, i int) (int, bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '"':
			j = endOfString(src, j) - 1
		case '[', '{':
			return 0, false
		case ']':
			return j + 1, true
		}
	}
	return 0, false
}

// writeFlatArray copies a compact flat array, with a space after each separating comma.
func writeFlatArray(b *bytes.Buffer, arr []byte) {
	for i := 0; i < len(arr); i++ {
		if arr[i] == '"' {
			j := endOfString(arr, i)
			b.Write(arr[i:j])
			i = j - 1
			continue
		}
		b.WriteByte(arr[i])
		if arr[i] == ',' {
			b.WriteByte(' ')
		}
	}
}
