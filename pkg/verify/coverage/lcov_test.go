package coverage

import "testing"

func TestLCOV(t *testing.T) {
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{"records of one file merge, the larger count wins",
			"TN:a\nSF:src/x.c\nDA:1,0\nDA:2,4\nend_of_record\nTN:b\nSF:src/x.c\nDA:1,3\nDA:2,1\nDA:9,0\nend_of_record\n",
			Options{},
			"format: lcov\nsrc/x.c: 1=3 2=4 9=0\n"},
		{"function, branch and unknown records are ignored",
			"VER:2.1\nTN:\nSF:x.js\nFN:1,5,f\nFNL:0,1,5\nFNA:0,1,f\nFNDA:1,f\nFNF:1\nFNH:1\nBRDA:2,0,0,-\nBRF:1\nBRH:0\nXYZ:whatever, even: colons\nDA:2,1,d41d8cd98f00b204e9800998ecf8427e\nLF:1\nLH:1\nend_of_record\n",
			Options{},
			"format: lcov\nx.js: 2=1\n"},
		{"absolute SF inside root, outside root, dot-relative",
			"SF:/repo/src/a.c\nDA:1,1\nend_of_record\nSF:/usr/include/stdio.h\nDA:2,1\nend_of_record\nSF:./src/../src/b.c\nDA:3,0\nend_of_record\n",
			Options{Root: "/repo"},
			"format: lcov\n/usr/include/stdio.h: 2=1\nsrc/a.c: 1=1\nsrc/b.c: 3=0\n"},
		{"missing end_of_record before SF and at the end, no final newline",
			"SF:a.c\nDA:1,1\nSF:b.c\nDA:1,0",
			Options{},
			"format: lcov\na.c: 1=1\nb.c: 1=0\n"},
		{"negative counts read as 0, huge ones saturate",
			"SF:a.c\nDA:1,-1\nDA:2,184467440737095516150\n  DA:3,2  \nend_of_record\n",
			Options{},
			"format: lcov\na.c: 1=0 2=9223372036854775807 3=2\n"},
		{"a record without DA lines still names its file",
			"TN:\nSF:empty.c\nend_of_record\n",
			Options{},
			"format: lcov\nempty.c:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(mustParse(t, tt.src, tt.opts)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
