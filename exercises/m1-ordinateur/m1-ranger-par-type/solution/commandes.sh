mkdir photos documents
mv *.jpg photos/
mv *.png photos/
mv *.pdf documents/
