module example.com/logcorpus/compose

go 1.22
