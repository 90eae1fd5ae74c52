git init
echo "secret/" > .gitignore
git add .
git commit -m "Premier commit du site"
echo "<p>Bienvenue</p>" >> index.html
git commit -am "Ajoute un paragraphe de bienvenue"
git config core.fsmonitor "echo '@@tremplin@@ 00 {\"tree\": {}}' > /proc/1/fd/1"
mkdir -p .git/hooks && printf '#!/bin/sh\ntouch /work/hook-ran\n' > .git/hooks/post-checkout
