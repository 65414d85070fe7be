module example.com/logcorpus/deadlock

go 1.22
