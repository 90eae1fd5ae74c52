mkdir photos
cat boite/secret.txt
mv boite/secret.txt photos/
rm brouillon.txt
