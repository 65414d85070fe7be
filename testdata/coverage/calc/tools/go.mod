module example.com/calctools

go 1.26
