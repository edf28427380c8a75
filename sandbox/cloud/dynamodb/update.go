package dynamodb

// UpdateExpression semantics:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html

func errIncorrectType() error {
	return validation("An operand in the update expression has an incorrect data type")
}

func errInvalidDocPath() error {
	return validation("The document path provided in the update expression is invalid for update")
}

func errMissingAttr() error {
	return validation("The provided expression refers to an attribute that does not exist in the item")
}

// evalSet computes a SET value against the item as it was before the update.
func evalSet(orig item, o *operand) (*av, error) {
	switch o.k {
	case oPath:
		v := resolve(orig, o.path)
		if v == nil {
			return nil, errMissingAttr()
		}
		return v, nil
	case oValue:
		return o.val, nil
	case oIfNotExists:
		if v := resolve(orig, o.args[0].path); v != nil {
			return v, nil
		}
		return evalSet(orig, o.args[1])
	case oListAppend:
		a, b, err := evalPair(orig, o)
		if err != nil {
			return nil, err
		}
		if a.k != kL || b.k != kL {
			return nil, errIncorrectType()
		}
		l := make([]*av, 0, len(a.l)+len(b.l))
		l = append(l, a.l...)
		l = append(l, b.l...)
		return &av{k: kL, l: l}, nil
	case oPlus, oMinus:
		a, b, err := evalPair(orig, o)
		if err != nil {
			return nil, err
		}
		if a.k != kN || b.k != kN {
			return nil, errIncorrectType()
		}
		s, err := numberArith(a.s, b.s, o.k == oMinus)
		if err != nil {
			return nil, err
		}
		return &av{k: kN, s: s}, nil
	}
	return nil, errIncorrectType()
}

func evalPair(orig item, o *operand) (*av, *av, error) {
	a, err := evalSet(orig, o.args[0])
	if err != nil {
		return nil, nil, err
	}
	b, err := evalSet(orig, o.args[1])
	return a, b, err
}

// parentOf returns the container holding the last element of p.
func parentOf(it item, p docPath) (*av, bool) {
	if len(p) == 1 {
		return nil, true
	}
	par := resolve(it, p[:len(p)-1])
	if par == nil {
		return nil, false
	}
	last := p[len(p)-1]
	if (last.isIdx && par.k != kL) || (!last.isIdx && par.k != kM) {
		return nil, false
	}
	return par, true
}

func setAt(it item, p docPath, v *av) error {
	par, ok := parentOf(it, p)
	if !ok {
		return errInvalidDocPath()
	}
	last := p[len(p)-1]
	switch {
	case par == nil:
		it[last.name] = v
	case last.isIdx:
		if last.index >= len(par.l) {
			par.l = append(par.l, v)
		} else {
			par.l[last.index] = v
		}
	default:
		par.m[last.name] = v
	}
	return nil
}

func removeAt(it item, p docPath) error {
	if len(p) == 1 {
		delete(it, p[0].name)
		return nil
	}
	par, ok := parentOf(it, p)
	if !ok {
		return errInvalidDocPath()
	}
	last := p[len(p)-1]
	if last.isIdx {
		if last.index < len(par.l) {
			par.l = append(par.l[:last.index], par.l[last.index+1:]...)
		}
		return nil
	}
	delete(par.m, last.name)
	return nil
}

// applyUpdate runs the actions on a copy of orig and returns the new item.
func applyUpdate(orig item, acts []updateAction) (item, error) {
	it := cloneItem(orig)
	if it == nil {
		it = item{}
	}
	// SET values are computed from the item before the update.
	vals := make([]*av, len(acts))
	for i, a := range acts {
		if a.section == "SET" {
			v, err := evalSet(orig, a.value)
			if err != nil {
				return nil, err
			}
			vals[i] = v.clone()
		}
	}
	// REMOVEs of list elements run from the highest index down so that
	// indexes keep meaning what they meant in the original item.
	order := make([]int, 0, len(acts))
	for i := range acts {
		order = append(order, i)
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && removeBefore(acts[order[j]], acts[order[j-1]]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, i := range order {
		a := acts[i]
		switch a.section {
		case "SET":
			if err := setAt(it, a.path, vals[i]); err != nil {
				return nil, err
			}
		case "REMOVE":
			if err := removeAt(it, a.path); err != nil {
				return nil, err
			}
		case "ADD":
			v := a.value.val
			cur := resolve(it, a.path)
			if cur == nil {
				if err := setAt(it, a.path, v.clone()); err != nil {
					return nil, err
				}
				continue
			}
			switch {
			case cur.k == kN && v.k == kN:
				s, err := numberArith(cur.s, v.s, false)
				if err != nil {
					return nil, err
				}
				cur.s = s
			case cur.k.isSet() && cur.k == v.k:
				for _, e := range v.set {
					if !setHas(cur, e) {
						cur.set = append(cur.set, e)
					}
				}
			default:
				return nil, errIncorrectType()
			}
		case "DELETE":
			v := a.value.val
			cur := resolve(it, a.path)
			if cur == nil {
				continue
			}
			if cur.k != v.k {
				return nil, errIncorrectType()
			}
			kept := cur.set[:0]
			for _, e := range cur.set {
				if !setHas(v, e) {
					kept = append(kept, e)
				}
			}
			cur.set = kept
			if len(cur.set) == 0 {
				if err := removeAt(it, a.path); err != nil {
					return nil, err
				}
			}
		}
	}
	return it, nil
}

// removeBefore orders list-element REMOVEs on the same list by descending index.
func removeBefore(a, b updateAction) bool {
	if a.section != "REMOVE" || b.section != "REMOVE" || len(a.path) != len(b.path) {
		return false
	}
	n := len(a.path) - 1
	if !a.path[n].isIdx || !b.path[n].isIdx {
		return false
	}
	for i := 0; i < n; i++ {
		if a.path[i] != b.path[i] {
			return false
		}
	}
	return a.path[n].index > b.path[n].index
}
