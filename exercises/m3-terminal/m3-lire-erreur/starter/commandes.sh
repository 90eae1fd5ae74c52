# Ce script contient 4 erreurs. Soumets-le, lis les messages, corrige.
set -e  # arrête tout à la première erreur : corrige-les une par une
mkidr archives
cp Notes.txt archives/
cp modele projet
mkdir projet/css
mkdir projet/css
echo ok
