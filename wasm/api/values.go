package api

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// ToValue converts v (a struct of this package, or any mix of structs, pointers, slices,
// strings, numbers and booleans) into plain values: map[string]any for structs (keys are the
// json tags), []any for slices and arrays, float64 for every number, nil for nil pointers.
// Large numeric slices stay typed ([]float32, []uint32, []uint8) so the JavaScript glue can
// hand them over as typed arrays. Unlike encoding/json it keeps NaN and ±Inf, which mark
// undefined feature values.
func ToValue(v any) any {
	return toValue(reflect.ValueOf(v))
}

func toValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return toValue(v.Elem())
	case reflect.Struct:
		m := make(map[string]any, v.NumField())
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, ok := fieldName(t.Field(i))
			if ok {
				m[name] = toValue(v.Field(i))
			}
		}
		return m
	case reflect.Slice:
		if v.IsNil() {
			return []any{}
		}
		switch s := v.Interface().(type) {
		case []float32, []uint32, []uint8:
			return s
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = toValue(v.Index(i))
		}
		return out
	case reflect.Map:
		m := make(map[string]any, v.Len())
		for _, k := range v.MapKeys() {
			m[fmt.Sprint(k.Interface())] = toValue(v.MapIndex(k))
		}
		return m
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	panic("api: cannot convert a " + v.Type().String())
}

// fieldName returns the JavaScript property name of a struct field: its json tag name, or the
// Go name; unexported and json:"-" fields are skipped.
func fieldName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name, true
	}
	return f.Name, true
}

// FromValue fills dst (a pointer) from plain values as produced by ToValue or by converting a
// JavaScript object. Missing properties leave fields at their zero value; a property of the
// wrong type is an error naming its path.
func FromValue(x any, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("api: FromValue needs a non-nil pointer, got %T", dst)
	}
	return fromValue(x, rv.Elem(), "value")
}

func fromValue(x any, v reflect.Value, path string) error {
	if x == nil {
		v.Set(reflect.Zero(v.Type()))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := fromValue(x, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", path, x)
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, ok := fieldName(t.Field(i))
			if !ok {
				continue
			}
			if val, present := m[name]; present {
				if err := fromValue(val, v.Field(i), path+"."+name); err != nil {
					return err
				}
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		xv := reflect.ValueOf(x)
		if xv.Kind() != reflect.Slice {
			return fmt.Errorf("%s: want an array, got %T", path, x)
		}
		if v.Kind() == reflect.Slice && xv.Type() == v.Type() {
			v.Set(xv) // typed slices ([]float32, …) pass through
			return nil
		}
		n := xv.Len()
		if v.Kind() == reflect.Array {
			if n != v.Len() {
				return fmt.Errorf("%s: want %d elements, got %d", path, v.Len(), n)
			}
		} else {
			v.Set(reflect.MakeSlice(v.Type(), n, n))
		}
		for i := 0; i < n; i++ {
			if err := fromValue(xv.Index(i).Interface(), v.Index(i),
				fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %T", path, x)
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return fmt.Errorf("%s: want a boolean, got %T", path, x)
		}
		v.SetBool(b)
		return nil
	}
	f, ok := number(x)
	if !ok {
		return fmt.Errorf("%s: want a number, got %T", path, x)
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f != math.Trunc(f) || v.OverflowInt(int64(f)) {
			return fmt.Errorf("%s: %v is not a %s", path, f, v.Type())
		}
		v.SetInt(int64(f))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if f < 0 || f != math.Trunc(f) || v.OverflowUint(uint64(f)) {
			return fmt.Errorf("%s: %v is not a %s", path, f, v.Type())
		}
		v.SetUint(uint64(f))
	default:
		return fmt.Errorf("%s: unsupported field type %s", path, v.Type())
	}
	return nil
}

// number accepts any Go numeric type, as a JavaScript conversion may produce.
func number(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint8:
		return float64(n), true
	}
	return 0, false
}
