set -e
mkdir archives
cp notes.txt archives/
cp -r modele projet
mkdir projet/css
echo ok
