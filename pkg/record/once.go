package record

import "reflect"

// AddEventOnce adds e unless the timeline's latest event of e's kind is the
// same event (same author, text and fields; the time aside), and says
// whether it added it. Commands that record an event use it so that
// running them again, after a crash that came after the record was saved,
// does not record the event twice.
func (r *Record) AddEventOnce(e Event) bool {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		last := r.Timeline[i]
		if last.Kind != e.Kind {
			continue
		}
		if last.By == e.By && last.Text == e.Text && sameFields(last.Fields, e.Fields) {
			return false
		}
		break
	}
	r.AddEvent(e)
	return true
}

func sameFields(a, b map[string]string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}
