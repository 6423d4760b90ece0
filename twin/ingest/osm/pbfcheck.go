package osm

import (
	"errors"
	"fmt"

	"github.com/paulmach/protoscan"
	"google.golang.org/protobuf/encoding/protowire"
)

// The checks below walk a PrimitiveBlock exactly as osmpbf v0.8.0's
// decode_data.go does (same protoscan calls, so the same reading of
// malformed bytes) and reject what would make it index out of range. They
// err on the side of rejecting: a block they pass cannot panic osmpbf.

var errPlainNodes = errors.New("block holds plain (non-dense) nodes, which osmpbf does not support")

const varint = protoscan.WireTypeVarint

// checkBlock checks one decompressed PrimitiveBlock.
func checkBlock(data []byte) error {
	msg := protoscan.New(data)
	strs := 0
	for msg.Next() {
		var err error
		switch msg.FieldNumber() {
		case 1:
			var d []byte
			if d, err = msg.MessageData(); err == nil {
				strs, err = countStrings(d)
			}
		case 17, 18:
			_, err = msg.Int32()
		case 19, 20:
			_, err = msg.Int64()
		default:
			msg.Skip()
		}
		if err != nil {
			return err
		}
	}
	if err := msg.Err(); err != nil {
		return err
	}
	msg.Reset(nil)
	for msg.Next() {
		if msg.FieldNumber() != 2 {
			msg.Skip()
			continue
		}
		d, err := msg.MessageData()
		if err != nil {
			return err
		}
		if err := checkGroup(d, strs); err != nil {
			return err
		}
	}
	return msg.Err()
}

// countStrings counts the entries of a StringTable as proto.Unmarshal sees
// them (field 1, length-delimited).
func countStrings(d []byte) (int, error) {
	n := 0
	err := eachField(d, func(num protowire.Number, typ protowire.Type, _ []byte, _ uint64) {
		if num == 1 && typ == protowire.BytesType {
			n++
		}
	})
	return n, err
}

// checkGroup checks a PrimitiveGroup against a string table of strs entries.
func checkGroup(data []byte, strs int) error {
	msg := protoscan.New(data)
	for msg.Next() {
		fn := msg.FieldNumber()
		if fn == 1 {
			return errPlainNodes
		}
		if fn < 2 || fn > 4 {
			msg.Skip()
			continue
		}
		// osmpbf reads these as messages when it decodes them and skips
		// them by wire type when told to skip: both must agree.
		if msg.WireType() != protoscan.WireTypeLengthDelimited {
			return fmt.Errorf("primitive group field %d has wire type %d", fn, msg.WireType())
		}
		d, err := msg.MessageData()
		if err != nil {
			return err
		}
		switch fn {
		case 2:
			err = checkDense(d, strs)
		case 3:
			err = checkWay(d, strs)
		case 4:
			err = checkRelation(d, strs)
		}
		if err != nil {
			return err
		}
	}
	return msg.Err()
}

func checkIndex(what string, v int64, strs int) error {
	if v < 0 || v >= int64(strs) {
		return fmt.Errorf("%s string index %d outside the table of %d", what, v, strs)
	}
	return nil
}

// checkInfo checks an Info message (ways and relations).
func checkInfo(data []byte, strs int) error {
	info := protoscan.New(data)
	for info.Next() {
		var err error
		switch info.FieldNumber() {
		case 1, 4:
			_, err = info.Int32()
		case 2, 3:
			_, err = info.Int64()
		case 5:
			var v uint32
			if v, err = info.Uint32(); err == nil {
				err = checkIndex("user", int64(v), strs)
			}
		case 6:
			_, err = info.Bool()
		default:
			info.Skip()
		}
		if err != nil {
			return err
		}
	}
	return info.Err()
}

// checkTags checks parallel key and value index arrays.
func checkTags(keys, vals *protoscan.Iterator, strs int) error {
	for keys.HasNext() {
		k, err := keys.Uint32()
		if err != nil {
			return err
		}
		v, err := vals.Uint32()
		if err != nil {
			return err
		}
		if err := checkIndex("tag key", int64(k), strs); err != nil {
			return err
		}
		if err := checkIndex("tag value", int64(v), strs); err != nil {
			return err
		}
	}
	return nil
}
