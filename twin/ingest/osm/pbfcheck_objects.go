package osm

import (
	"errors"
	"fmt"

	"github.com/paulmach/protoscan"
)

// checkDense checks a DenseNodes message: user and tag string indices. The
// other arrays only make osmpbf return errors when they run short.
func checkDense(data []byte, strs int) error {
	ids, usids, keyvals, err := denseArrays(data)
	if err != nil {
		return err
	}
	var usid int32
	for ids.HasNext() {
		if _, err := ids.Sint64(); err != nil {
			return err
		}
		if usids != nil {
			d, err := usids.Sint32()
			if err != nil {
				return err
			}
			usid += d
			if err := checkIndex("user", int64(usid), strs); err != nil {
				return err
			}
		}
		if keyvals != nil {
			if err := checkKeyVals(keyvals, strs); err != nil {
				return err
			}
		}
	}
	return nil
}

// denseArrays returns the id, user_sid and keys_vals arrays of a
// DenseNodes message (the last of each, as osmpbf keeps them).
func denseArrays(data []byte) (ids, usids, keyvals *protoscan.Iterator, err error) {
	msg := protoscan.New(data)
	for msg.Next() {
		switch msg.FieldNumber() {
		case 1:
			ids, err = msg.Iterator(nil)
		case 5:
			usids, err = denseUserIDs(msg)
		case 8, 9:
			_, err = msg.Iterator(nil)
		case 10:
			keyvals, err = msg.Iterator(nil)
		default:
			msg.Skip()
		}
		if err != nil {
			return nil, nil, nil, err
		}
	}
	if err := msg.Err(); err != nil {
		return nil, nil, nil, err
	}
	if ids == nil {
		return nil, nil, nil, errors.New("dense nodes without ids")
	}
	return ids, usids, keyvals, nil
}

// denseUserIDs returns the user_sid array of a DenseInfo (nil if absent).
func denseUserIDs(msg *protoscan.Message) (*protoscan.Iterator, error) {
	d, err := msg.MessageData()
	if err != nil {
		return nil, err
	}
	var usids *protoscan.Iterator
	info := protoscan.New(d)
	for info.Next() {
		switch info.FieldNumber() {
		case 1, 2, 3, 4, 6:
			_, err = info.Iterator(nil)
		case 5:
			usids, err = info.Iterator(nil)
		default:
			info.Skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return usids, info.Err()
}

// checkKeyVals checks one node's "key value ... 0" run of keys_vals.
func checkKeyVals(kv *protoscan.Iterator, strs int) error {
	for {
		k, err := kv.Int32()
		if err != nil || k == 0 {
			return err
		}
		v, err := kv.Int32()
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
}

// checkWay checks a Way: osmpbf sizes the node list by the first refs,
// lats or lons array it meets and fills it from the others.
func checkWay(data []byte, strs int) error {
	var keys, vals *protoscan.Iterator
	nodes := 0
	msg := protoscan.New(data)
	for msg.Next() {
		var err error
		switch msg.FieldNumber() {
		case 1:
			_, err = msg.Int64()
		case 2:
			keys, err = msg.Iterator(nil)
		case 3:
			vals, err = msg.Iterator(nil)
		case 4:
			err = checkMessage(msg, strs, checkInfo)
		case 8, 9, 10:
			var it *protoscan.Iterator
			if it, err = msg.Iterator(nil); err == nil {
				n := it.Count(varint)
				if nodes == 0 {
					nodes = n
				} else if n > nodes {
					err = fmt.Errorf("way has %d node values in one array and %d in another", nodes, n)
				}
			}
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
	if keys != nil && vals != nil {
		return checkTags(keys, vals, strs)
	}
	return nil
}

// checkRelation checks a Relation: osmpbf sizes the member list by the
// types array and fills it while the roles array lasts.
func checkRelation(data []byte, strs int) error {
	var keys, vals, roles, memids, types *protoscan.Iterator
	msg := protoscan.New(data)
	for msg.Next() {
		var err error
		switch msg.FieldNumber() {
		case 1:
			_, err = msg.Int64()
		case 2:
			keys, err = msg.Iterator(nil)
		case 3:
			vals, err = msg.Iterator(nil)
		case 4:
			err = checkMessage(msg, strs, checkInfo)
		case 8:
			roles, err = msg.Iterator(nil)
		case 9:
			memids, err = msg.Iterator(nil)
		case 10:
			types, err = msg.Iterator(nil)
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
	if keys != nil && vals != nil {
		if err := checkTags(keys, vals, strs); err != nil {
			return err
		}
	}
	if roles == nil || memids == nil || types == nil {
		return nil
	}
	return checkMembers(roles, memids, types, strs)
}

func checkMembers(roles, memids, types *protoscan.Iterator, strs int) error {
	n := types.Count(varint)
	for i := 0; roles.HasNext(); i++ {
		r, err := roles.Int32()
		if err != nil {
			return err
		}
		if i >= n {
			return fmt.Errorf("relation has more member roles than the %d member types", n)
		}
		if err := checkIndex("member role", int64(r), strs); err != nil {
			return err
		}
		if _, err := memids.Sint64(); err != nil {
			return err
		}
		if _, err := types.Int32(); err != nil {
			return err
		}
	}
	return nil
}

func checkMessage(msg *protoscan.Message, strs int, check func([]byte, int) error) error {
	d, err := msg.MessageData()
	if err != nil {
		return err
	}
	return check(d, strs)
}
