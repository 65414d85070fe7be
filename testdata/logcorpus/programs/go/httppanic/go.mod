module example.com/logcorpus/httppanic

go 1.22
