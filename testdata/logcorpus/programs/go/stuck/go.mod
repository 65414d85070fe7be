module example.com/logcorpus/stuck

go 1.22
