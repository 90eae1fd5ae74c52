cd pages
ls *.html > ../pages.txt
