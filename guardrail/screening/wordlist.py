"""Common English words (2-7 letters) used to tell word splits from obfuscation.

Derived from SCOWL size 35 (Debian's wamerican-small), lower-cased, plus a few names, particles
and abbreviations frequent in image prompts (al, de, van, mr, tv, ...). Used only when a policy
is compiled: a term word split into fragments that are ALL common words ("an us", "pen is",
"go re") gets no split key, and a stretched spelling of a term that is itself a common word
gets no variant key.

SCOWL: the collective work is Copyright 2000-2011 by Kevin Atkinson, as well as the copyrights
of its sources named in the SCOWL README (Moby Words II, public domain; 12Dicts; and others).
Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and
sell these word lists, the associated scripts, the output created from the scripts, and its
documentation for any purpose is hereby granted without fee, provided that the above copyright
notice appears in all copies and that both that copyright notice and this permission notice
appear in supporting documentation. Kevin Atkinson makes no representations about the
suitability of this array for any purpose. It is provided "as is" without express or implied
warranty.
"""

from __future__ import annotations

from functools import cache

__all__ = ["common_words"]

_WORDS = """
abaci aback abacus abandon abate abated abates abating abbey abbeys abbot abbots abc abdomen
abduct abducts abet abets abetted abhor abhors abide abided abides abiding ability abject ablaze
able abler ablest ably aboard abode abodes abolish abort aborted aborts abound abounds about
above abreast abridge abroad abrupt abscess abscond absence absent absents absolve absorb
absorbs abstain absurd abuse abused abuser abusers abuses abusing abusive abysmal abyss abysses
academy accede acceded accedes accent accents accept accepts access acclaim accord accords
accost accosts account accrue accrued accrues accuse accused accuser accuses ace aced aces ache
ached aches achieve aching acid acidity acids acing acne acorn acorns acquire acquit acquits
acre acreage acres acrid acrider acrobat acronym across acrylic act acted acting action actions
active actives actor actors actress acts actual actuary acumen acute acutely acuter acutes
acutest ad ada adage adages adamant adapt adapted adapter adaptor adapts add added addict
addicts adding address adds adept adepts adhere adhered adheres adjoin adjoins adjourn adjunct
adjust adjusts admiral admire admired admirer admires admit admits ado adobe adobes adopt
adopted adopts adore adored adores adoring adorn adorned adorns adrift adroit ads adult adults
advance advent adverb adverbs adverse advert adverts advice advise advised adviser advises
advisor aeon aeons aerial aerials aerosol afar affable affably affair affairs affect affects
affirm affirms affix affixed affixes afflict afford affords affront afield aflame afloat afoot
afraid afresh african after again against age aged ageing agency agenda agendas agent agents
ages aghast agile agility aging agitate aglow ago agonies agonize agony agree agreed agrees
aground ah ahead ahoy ai aid aide aided aides aiding aids ail ailed ailing ailment ails aim
aimed aiming aimless aims air aired airier airiest airing airline airmail airport airs airy
aisle aisles ajar akin al alarm alarmed alarms alas albeit albino albinos album albums alcohol
alcove alcoves ale alert alerted alerts ales alga algae algebra alias aliased aliases alibi
alibied alibis alien aliened aliens alight alights align aligned aligns alike alimony aline
alined alines alining alit alive alkali alkalis all allah allay allayed allays allege alleged
alleges allergy alley alleys allied allies allot allots allow allowed allows alloy alloyed
alloys allude alluded alludes allure allured allures ally allying almanac almond almonds almost
alms aloft alone along aloof aloud alpha already also altar altars alter altered alters altho
alto altos always am amass amassed amasses amateur amaze amazed amazes amazing amber ambient
amble ambled ambles ambling ambush ameba amebae amebas ameer ameers amen amend amended amends
amenity amiable amiably amid amidst amir amirs amiss ammonia amnesia amnesty amoeba amoebae
amoebas amok among amongst amoral amorous amount amounts amp ampere amperes ample ampler amplest
amplify amply amps amuck amulet amulets amuse amused amuses amusing amy an anaemia anaemic
anagram anal analog analogy analyst analyze anarchy anatomy anchor anchors anchovy ancient and
android anemia anemic anew angel angelic angels anger angered angers angle angled angler anglers
angles angling angrier angrily angry angst anguish angular ani animal animals animate ankle
ankles ann annals anne annex annexed annexes annoy annoyed annoys annual annuals annuity annul
annuls anoint anoints anomaly anon anorak anoraks another answer answers ant antenna anthem
anthems anthill anthrax antic antics antique antler antlers antonym ants anus anuses anvil
anvils anxiety anxious any anybody anyhow anyone anyway aorta aortae aortas apart apathy ape
aped apes apex apexes apices apiece aping aplomb apology apostle appal appall appalls appals
apparel appeal appeals appear appears appease append appends applaud apple apples applied
applies apply appoint approve apricot april aprils apron aprons apt apter aptest aptly aquaria
aquatic ar arable arbiter arbor arbors arc arcade arcades arcane arced arch archaic arched
archer archers archery arches archest arching archive archway arcing arcked arcking arcs ardent
ardor ardors arduous are area areas arena arenas ares argue argued argues arguing aria arias
arid arise arisen arises arising ark arks arm armed armies arming armor armored armors armory
armpit armpits arms army aroma aromas arose around arouse aroused arouses arraign arrange array
arrayed arrays arrears arrest arrests arrival arrive arrived arrives arrow arrows arsenal
arsenic arson art artery artful article artisan artist artists arts artwork as ascend ascends
ascent ascents ascetic ascribe asexual ash ashamed ashcan ashed ashen ashes ashing ashore
ashtray asian asians aside asides ask askance asked askew asking asks asleep aspect aspects
aspen aspens asphalt aspire aspired aspires aspirin ass assail assails assault assent assents
assert asserts asses assess asset assets assign assigns assist assists assort assorts assume
assumed assumes assure assured assures asthma astound astray astride astute astuter asylum
asylums at ate atheism atheist athlete atlas atlases atom atomic atoms atone atoned atones
atoning attach attack attacks attain attains attempt attend attends attest attests attic attics
attire attired attires attract atv auburn auction audible audibly audio audios audit audited
auditor audits augment august augusts aunt aunts aura aurae aural auras austere author authors
auto autopsy autos autumn autumns ava avail availed avails avarice avenge avenged avenges avenue
avenues average averse avert averted averts aviator avid avocado avoid avoided avoids avow
avowal avowals avowed avowing avows await awaited awaits awake awaked awaken awakens awakes
awaking award awarded awards aware away awe awed awes awesome awful awfully awhile awing awkward
awning awnings awoke awoken awry ax axe axed axes axing axiom axioms axis axle axles ay aye ayes
azalea azaleas azure azures babble babbled babbles babe babes babied babier babies babiest
baboon baboons baby babying babyish back backed backer backers backing backlog backs bacon bad
badder baddest bade badge badger badgers badges badly badness baffle baffled baffles bag bagel
bagels baggage bagged baggier bagging baggy bags bail bailed bailing bails bait baited baiting
baits bake baked baker bakers bakery bakes baking balance balcony bald balded balder baldest
balding balds bale baled bales baling balk balked balking balks ball ballad ballads ballast
balled ballet ballets balling balloon ballot ballots balls balm balmier balms balmy baloney
bamboo bamboos ban banal banana bananas band bandage bandana banded bandied bandier bandies
banding bandit bandits bands bandy bang banged banging bangs bani banish banjo banjoes banjos
bank banked banker bankers banking banks banned banner banners banning banquet bans banter
banters baptism baptize bar barb barbed barber barbers barbing barbs bard bards bare bared
barely barer bares barest bargain barge barged barges barging baring bark barked barking barks
barley barman barn barns baron barons baroque barrage barred barrel barrels barren barrens
barrier barring bars barter barters base based baser bases basest bash bashed bashes bashful
bashing basic basics basil basin basing basins basis bask basked basket baskets basking basks
bass basses bassoon bastard baste basted bastes basting bat batch batched batches bath bathe
bathed bathes bathing baths bathtub baton batons bats batsman batted batter batters battery
batting battle battled battles baud bauds bawdier bawdy bawl bawled bawling bawls bay bayed
baying bayonet bayou bayous bays bazaar bazaars bbc be beach beached beaches beacon beacons bead
beaded beadier beading beads beady beagle beagles beak beaked beaker beakers beaks beam beamed
beaming beams bean beaned beaning beans bear beard bearded beards bearer bearers bearing bears
beast beasts beat beaten beater beaters beating beats beauty beaver beavers became because
beckon beckons become becomes bed bedbug bedbugs bedded bedder bedding bedlam bedlams bedrock
bedroom beds bedside bedtime bee beech beeches beef beefed beefier beefing beefs beefy beehive
been beeper beer beers bees beeswax beet beetle beetled beetles beets beeves befall befalls
befell befit befits before beg began beggar beggars begged begging begin begins begs beguile
begun behalf behave behaved behaves behead beheads beheld behind behinds behold beholds beige
being beings belabor belated belch belched belches belfry belie belied belief beliefs belies
believe bell bellboy belled bellhop bellied bellies belling bellow bellows bells belly belong
belongs beloved below belt belted belting belts belying bemoan bemoans bemuse bemused bemuses
ben bench benched benches bend bender bending bends beneath benefit benign bent bents bequest
bereave bereft beret berets berried berries berry berserk berth berthed berths beseech beset
besets beside besides besiege best bested bestial besting bestow bestows bests bet beta betcha
betray betrays bets bett betted better betters betting bettor bettors between beware bewared
bewares bewitch beyond bias biased biases biasing biassed bib bible bibs bicker bickers bicycle
bid bidden bidding bide bided bides biding bids big bigamy bigger biggest bigot bigoted bigotry
bigots bike biked bikes biking bikini bikinis bile bill billed billing billion billow billows
bills bin binary bind binder binders binding binds bingo binned binning bins biology biped
bipeds biplane birch birched birches bird birded birding birds birth birthed births biscuit
bisect bisects bishop bishops bison bisons bit bitch bitched bitches bite bites biting bitmap
bits bitten bitter bizarre blab blabbed blabs black blacked blacken blacker blacks bladder blade
blades blame blamed blamer blames blaming blanch bland blander blank blanked blanker blanket
blankly blanks blare blared blares blaring blast blasted blaster blasts blatant blaze blazed
blazer blazers blazes blazing bleach bleak bleaker bleary bleat bleated bleats bled bleed bleeds
blemish blend blended blends blent bless blessed blesses blest blew blight blights blimp blimps
blind blinded blinder blindly blinds blink blinked blinker blinks blip blips bliss blister
blithe blither blitz blitzed blitzes blob blobbed blobs bloc block blocked blocks blocs blog
blogged blogger blogs blond blonde blonder blondes blonds blood blooded bloods bloody bloom
bloomed blooms blossom blot blotch blots blotted blotter blouse bloused blouses blow blowing
blown blowout blows blubber blue blued blueing bluer blues bluest bluff bluffed bluffer bluffs
bluing blunder blunt blunted blunter bluntly blunts blur blurb blurred blurs blurt blurted
blurts blush blushed blushes bluster bmx bo boa boar board boarded boarder boards boars boas
boast boasted boasts boat boated boating boats bob bobbed bobbin bobbing bobbins bobcat bobcats
bobs bobsled bode boded bodes bodice bodices bodies bodily boding body bog bogged bogging boggle
boggled boggles bogs bogus boil boiled boiler boilers boiling boils bold bolder boldest boldly
bologna boloney bolster bolt bolted bolting bolts bomb bombard bombed bomber bombers bombing
bombs bond bondage bonded bonding bonds bone boned bones boney boneyer bonfire bonier boniest
boning bonn bonnet bonnets bonus bonuses bony boo booby booed booing book booked bookend booking
booklet books boom boomed booming booms boon boons boor boorish boors boos boost boosted booster
boosts boot booted bootee bootees booth booths bootie booties booting bootleg boots booty booze
bop border borders bore bored boredom bores boring born borne borough borrow borrows bosom
bosoms boss bossed bosses bossier bossing bossy botany botch botched botches both bother bothers
bottle bottled bottles bottom bottoms bough boughs bought boulder bounce bounced bounces bound
bounded bounds bounty bouquet bourbon bout bouts bovine bovines bow bowed bowel bowels bowing
bowl bowlder bowled bowler bowling bowls bows box boxcar boxcars boxed boxer boxers boxes boxing
boy boycott boyhood boyish boys bra brace braced braces bracing bracket brag bragged brags braid
braided braids brain brained brains brainy braise braised braises brake braked brakes braking
bran branch brand branded brands brandy bras brash brasher brass brasses brassy brat brats
bravado brave braved bravely braver bravery braves bravest braving bravo bravos brawl brawled
brawls brawn brawny bray brayed braying brays brazen brazens brazier breach bread breaded breads
breadth break breaks breast breasts breath breathe breaths bred breed breeder breeds breeze
breezed breezes breezy brevity brew brewed brewery brewing brews bribe bribed bribery bribes
bribing brick bricked bricks bridal bridals bride brides bridge bridged bridges bridle bridled
bridles brief briefed briefer briefly briefs brigade bright brim brimmed brims brine bring
brings brinier brink brinks briny brisk brisked brisker briskly brisks bristle british brittle
broach broad broaden broader broadly broads brocade broil broiled broiler broils broke broken
broker brokers broncho bronco broncos bronze bronzed bronzes brooch brood brooded broods brook
brooked brooks broom brooms broth brother broths brought brow brown browned browner brownie
browns brows browse browsed browses bruise bruised bruises brunch brunt brush brushed brushes
brusk brusker brusque brutal brute brutes brutish bubble bubbled bubbles bubbly buck bucked
bucket buckets bucking buckle buckled buckles bucks bud budded buddies budding buddy budge
budged budges budget budgets budging buds buff buffalo buffed buffer buffers buffet buffets
buffing buffoon buffs bug bugged bugger buggers buggier buggies bugging buggy bugle bugled
bugler buglers bugles bugling bugs build builder builds built bulb bulbous bulbs bulge bulged
bulges bulging bulk bulked bulkier bulking bulks bulky bull bulldog bulled bullet bullets
bullied bullies bulling bullion bulls bully bum bummed bummer bummest bumming bump bumped bumper
bumpers bumpier bumping bumps bumpy bums bun bunch bunched bunches bundle bundled bundles bung
bungle bungled bungler bungles bunion bunions bunk bunked bunker bunkers bunking bunks bunnies
bunny buns buoy buoyant buoyed buoying buoys burble burbled burbles burden burdens bureau
bureaus bureaux burger burgers burglar burgle burial burials buried buries burlap burlier burly
burn burned burner burners burning burnish burns burnt burp burped burping burps burr burred
burring burro burros burrow burrows burrs bursar burst bursted bursts bury burying bus bused
buses bush bushed bushel bushels bushes bushier bushing bushy busied busier busies busiest
busily busing bust busted busting bustle bustled bustles busts busy busying but butcher butler
butlers buts butt butte butted butter butters buttery buttes butting buttock button buttons
butts buxom buy buyer buyers buying buys buzz buzzard buzzed buzzer buzzers buzzes buzzing by
bye byes bygone bygones bypass bypast byte bytes byway byways ca cab cabaret cabbage cabbed
cabbing cabin cabinet cabins cable cabled cables cabling caboose cabs cacao cacaos cache cached
caches caching cackle cackled cackles cacti cactus cad caddie caddied caddies caddy cadence
cadet cadets cage caged cages cagey cagier cagiest caging cagy cajole cajoled cajoles cake caked
cakes caking calcium calculi calf calfs caliber calico calicos calk calked calking calks call
called caller callers calling callous callow calls callus calm calmed calmer calmest calming
calmly calms calorie calve calves cam came camel camels cameo cameos camera cameras camp camped
camper campers camping camps campus can canal canals canary cancel cancels cancer cancers candid
candied candies candle candled candles candor candy cane caned canes canine canines caning
canker cankers canned cannery cannier canning cannon cannons cannot canny canoe canoed canoes
canon canons canopy cans cant canteen canter canters canvas canvass canyon canyons cap capable
capably cape caped caper capered capers capes capital capped capping caprice caps capsize
capsule captain caption captive captor captors capture car caramel carat carats caravan carbon
carbons carcass card carded cardiac carding cards care cared career careers careful cares caress
cargo cargoes cargos caribou caring carnage carnal carol caroled carols carouse carp carped
carpet carpets carping carps carried carrier carries carrion carrot carrots carry cars cart
carted cartel cartels carting carton cartons cartoon carts carve carved carves carving cascade
case cased cases cash cashed cashes cashew cashews cashier cashing casing casings casino casinos
cask casket caskets casks cassino cast caste caster casters castes casting castle castled
castles castoff casts casual casuals cat catalog catcall catch catches catchup catchy cater
catered caterer caters catfish catnap catnaps catnip cats catsup cattle catwalk caucus caught
caulk caulked caulks causal cause caused causes causing caustic caution cavalry cave caveat
caveats caved cavern caverns caves caviar caviare caving cavity cavort cavorts caw cawed cawing
caws cc cease ceased ceases ceasing cedar cedars cede ceded cedes ceding ceiling celery cell
cellar cellars celli cellist cello cellos cells celsius cement cements censor censors censure
census cent center centers central cents century ceramic cereal cereals certain certify chafe
chafed chafes chaff chaffed chaffs chafing chagrin chain chained chains chair chaired chairs
chalet chalets chalice chalk chalked chalks chalky chamber champ champed champs chance chanced
chances change changed changes channel chant chanted chants chaos chaotic chap chapel chapels
chapped chaps chapt chapter char charge charged charger charges chariot charity charm charmed
charms charred chars chart charted charter charts chase chased chases chasing chasm chasms
chassis chaste chasten chaster chat chats chatted chatter chatty cheap cheapen cheaper cheaply
cheat cheated cheats check checked checker checks checkup cheek cheeked cheeks cheep cheeped
cheeps cheer cheered cheers cheery cheese cheesed cheeses cheetah chef chefs chemist cherish
cherry cherub cherubs chess chest chests chew chewed chewier chewing chews chewy chi chic
chicano chicer chicest chick chicken chicks chid chidden chide chided chides chiding chief
chiefer chiefly chiefs child chile chiles chili chilies chilis chill chilled chiller chilli
chills chilly chime chimed chimes chiming chimney chimp chimps chin china chink chinked chinks
chinned chins chintz chip chipped chipper chips chirp chirped chirps chisel chisels choice
choicer choices choir choirs choke choked chokes choking cholera choose chooses choosey choosy
chop chopped chopper choppy chops choral chorals chord chords chore chores chortle chorus chose
chosen chow chowder chowed chowing chows chrome chromed chromes chronic chubby chuck chucked
chuckle chucks chug chugged chugs chum chummed chummy chums chunk chunks chunky church churn
churned churns chute chutes cia cider ciders cigar cigaret cigars cinch cinched cinches cinder
cinders cinema cinemas cipher ciphers circa circle circled circles circuit circus cistern cite
cited cites cities citing citizen citric citrus city civic civics civil clack clacked clacks
clad claim claimed claims clam clamber clammed clammy clamor clamors clamp clamped clamps clams
clan clang clanged clangs clank clanked clanks clans clap clapped clapper claps claret clarify
clarity clash clashed clashes clasp clasped clasps class classed classes classic classy clatter
clause clauses claw clawed clawing claws clay clean cleaned cleaner cleanly cleans cleanse clear
cleared clearer clearly clears cleat cleats cleave cleaved cleaver cleaves clef clefs cleft
clefts clench clergy cleric clerics clerk clerked clerks clever click clicked clicks client
clients cliff cliffs clii climate climax climb climbed climber climbs clime climes clinch cling
clings clinic clinics clink clinked clinks clip clipped clips clipt clique cliques clix cloak
cloaked cloaks clock clocked clocks clod clods clog clogged clogs clone clones close closed
closely closer closes closest closet closets closing closure clot cloth clothe clothed clothes
cloths clots clotted cloud clouded clouds cloudy clout clouted clouts clove cloven clover
clovers cloves clown clowned clowns club clubbed clubs cluck clucked clucks clue clued clueing
clues cluing clump clumped clumps clumsy clung cluster clutch clutter clvi clvii clxi clxii
clxiv clxix clxvi clxvii cm cnn co coach coached coaches coal coaled coaling coals coarse
coarsen coarser coast coastal coasted coaster coasts coat coated coating coats coax coaxed
coaxes coaxing cob cobalt cobble cobbler cobra cobras cobs cobweb cobwebs cocaine cock cocked
cockier cocking cockpit cocks cocky cocoa cocoas coconut cocoon cocoons cod codded codding code
coded codes coding cods coerce coerced coerces coexist coffee coffees coffer coffers coffin
coffins cog cogency cogent cognac cognacs cogs coil coiled coiling coils coin coinage coined
coining coins coke coked cokes coking col cold colder coldest coldly colds colic collage collar
collars collate collect college collide collie collies colon colonel colones colons colony color
colored colors colt colts column columns coma comas comb combat combats combed combine combing
combs come comedy comely comes comet comets comfort comic comical comics coming comings comma
command commas commend comment commit commits common commons commune commute compact company
compare compass compel compels compete compile complex comply compose compost compute comrade
con concave conceal concede conceit concept concern concert concise concoct concord concur
concurs condemn condom condoms condone condor condors conduct cone cones confer confers confess
confide confine confirm conform confuse congeal congest conical conifer conjure connect conned
conning connote conquer cons consent consign consist console consort consul consuls consult
consume contact contain contend content contest context contort contour control convene convent
convert convex convey conveys convict convoy convoys coo cooed cooing cook cooked cooker cookie
cookies cooking cooks cooky cool cooled cooler coolers coolest cooling coolly cools coop cooped
cooper cooping coops coos cop cope coped copes copied copier copiers copies coping copious
copped copper coppers copping cops copy copying coral corals cord corded cordial cording cordon
cordons cords core cored cores coring cork corked corking corks corn cornea corneas corned
corner corners cornet cornets cornier corning corns corny coroner corps corpse corpses corpus
corral corrals correct corrode corrupt corsage corset corsets cortex cosier cosies cosiest
cosmic cosmos cost costed costing costly costs costume cosy cot cots cottage cotton cottons
couch couched couches cougar cougars cough coughed coughs could council counsel count counted
counter country counts county coup couple coupled couples coupon coupons coups courage courier
course coursed courser courses court courted courts cousin cousins cove cover covered covers
covert coverts coves covet coveted covets cow coward cowards cowboy cowboys cowed cower cowered
cowers cowgirl cowhide cowing cows cox coy coyer coyest coyote coyotes cozier cozies coziest
cozily cozy cpa crab crabbed crabby crabs crack cracked cracker crackle cracks cradle cradled
cradles craft crafted crafts crafty crag craggy crags cram crammed cramp cramped cramps crams
crane craned cranes crania craning cranium crank cranked cranks cranky crap crash crashed
crashes crass crasser crate crated crater craters crates crating crave craved craves craving
crawl crawled crawls crayon crayons craze crazed crazes crazier crazies crazily crazing crazy
creak creaked creaks creaky cream creamed creams creamy crease creased creases create created
creates creator credit credits creed creeds creek creeks creep creeps creepy cremate crepe
crepes crept crest crested crests cretin cretins crevice crew crewed crewing crews crib cribbed
cribs cricket cried cries crime crimes crimson cringe cringed cringes crinkle cripple crises
crisis crisp crisped crisper crisply crisps crispy critic critics croak croaked croaks crochet
croci crock crocks crocus crofts cronies crony crook crooked crooks croon crooned croons crop
cropped crops croquet cross crossed crosser crosses crotch crouch crow crowbar crowd crowded
crowds crowed crowing crown crowned crowns crows crucial crucify crude crudely cruder crudest
crudity cruel crueler cruelly cruelty cruise cruised cruiser cruises crumb crumbed crumble
crumbly crumbs crummy crumple crunch crunchy crusade crush crushed crushes crust crusted crusts
crusty crutch crux cruxes cry crybaby crying crypt cryptic crypts crystal cs cub cube cubed
cubes cubic cubicle cubing cubs cuckoo cuckoos cuddle cuddled cuddles cuddly cue cued cueing
cues cuff cuffed cuffing cuffs cuing cuisine cull culled culling culls culprit cult cults
culture cum cumming cums cunning cup cupful cupfuls cupped cupping cups cupsful cur curable
curator curb curbed curbing curbs curd curdle curdled curdles curds cure cured cures curfew
curfews curing curio curios curious curl curled curling curls curly currant current curried
curries curry curse cursed curses cursing cursor cursory curst curt curtail curtain curter
curtest curtsey curtsy curve curved curves curving cushion custard custody custom customs cut
cutback cute cuter cutest cuticle cutlery cutlet cutlets cuts cutter cutters cutting cyanide
cycle cycled cycles cyclic cycling cyclist cyclone cymbal cymbals cynic cynical cynics cypress
cyst cysts czar czars da dab dabbed dabbing dabble dabbled dabbles dabs dad daddies daddy dads
daemon daft dagger daggers dailies daily dainty dairies dairy dais daises daisies daisy dallied
dallies dally dam damage damaged damages dame dames dammed damming damn damned damning damns
damp damped dampen dampens damper dampest damping damps dams damsel damsels dan dance danced
dancer dancers dances dancing dandier dandies dandy danger dangers dangle dangled dangles dank
danker dankest dapper dare dared dares daring dark darken darkens darker darkest darkly darling
darn darned darning darns dart darted darting darts das dash dashed dashes dashing data date
dated dates dating datum daub daubed daubing daubs daunt daunted daunts dawdle dawdled dawdles
dawn dawned dawning dawns day days daytime daze dazed dazes dazing dazzle dazzled dazzles dc ddt
de deacon deacons dead deaden deadens deader deadest deadly deaf deafer deafest deal dealer
dealers dealing deals dealt dean deans dear dearer dearest dearly dears dearth dearths death
deaths deaves debase debased debases debate debated debates debit debited debits debrief debris
debt debtor debtors debts debug debugs debunk debunks debut debuted debuts decade decades decay
decayed decays decease deceit deceits deceive decency decent decibel decide decided decides
decimal deck decked decking decks declare decline decode decoded decoder decodes decorum decoy
decoyed decoys decree decreed decrees decried decries decry deduce deduced deduces deduct
deducts deed deeded deeding deeds deem deemed deeming deems deep deepen deepens deeper deepest
deeply deeps deer deers deface defaced defaces defame defamed defames default defeat defeats
defect defects defend defends defense defer defers defiant deficit defied defies defile defiled
defiles define defined defines deflate deflect deform deforms defraud defrost deft defter
deftest deftly defunct defy defying degrade degree degrees deified deifies deify deign deigned
deigns deities deity deject dejects del delay delayed delays delete deleted deletes deli delight
delimit deliria delis deliver delta deltas delude deluded deludes deluge deluged deluges deluxe
delve delved delves delving demagog demand demands demean demeans demerit demise demised demises
demon demons demote demoted demotes demount demure demurer den denial denials denied denies
denim denims denote denoted denotes dens dense densely denser densest density dent dental dented
denting dentist dents deny denying depart departs depend depends depict depicts deplete deplore
deport deports depose deposed deposes deposit depot depots deprave depress deprive depth depths
deputy der derail derails derange deride derided derides derive derived derives derrick descend
descent desert deserts deserve design designs desire desired desires desist desists desk desks
desktop despair despise despite despot despots dessert destine destiny destroy detach detail
details detain detains detect detects deter deters detest detests detour detours detract devalue
develop deviant deviate device devices devil deviled devils devious devise devised devises
devoid devolve devote devoted devotee devotes devour devours devout dew di diagram dial dialect
dialed dialing dialog dialogs dials diamond diaper diapers diaries diary dice diced dices dicing
dictate diction did die died dies diesel diesels diet dietary dieted dieting diets differ
differs diffuse dig digest digests digging digit digital digits dignify dignity digress digs
dike diked dikes diking dilate dilated dilates dilemma dill dills dilute diluted dilutes dim
dime dimer dimes dimly dimmed dimmer dimmest dimming dimple dimpled dimples dims din dine dined
diner diners dines dinghy dingier dingy dining dinned dinner dinners dinning dins diocese
dioxide dip diploma dipped dipping dips dire direct directs direr direst dirge dirges dirt
dirtied dirtier dirties dirty disable disarm disarms disavow disband disc discard discern disco
discord discos discs discus discuss disdain disease disgust dish dished dishes dishing disk
disks dislike dismal dismay dismays dismiss disobey disown disowns dispel dispels display
dispose dispute disrupt dissect dissent distant distend distil distill distils distort disturb
disuse disused disuses ditch ditched ditches dither dithers ditties ditto dittoed dittoes dittos
ditty dive dived diver diverge divers diverse divert diverts dives divest divests divide divided
divides divine divined diviner divines diving divisor divorce divulge dizzied dizzier dizzies
dizzy dj dna do docile dock docked docking docks doctor doctors dodge dodged dodges dodging dodo
doe doer doers does dog dogged dogging dogma dogmas dogmata dogs dogwood doilies doily doing
dole doled doleful doles doling doll dollar dollars dolled dollies dolling dolls dolly dolphin
domain domains dome domed domes doming domino dominos don donate donated donates done donkey
donkeys donor donors dons donut donuts doodle doodled doodles doom doomed dooming dooms door
doorman doormen doors doorway dope doped dopes dopey dopier dopiest doping dopy dormant dorsal
dos dose dosed doses dosing dot dote doted dotes doting dots dotted dotting double doubled
doubles doubly doubt doubted doubts dough dour dourer dourest douse doused douses dousing dove
doves dowdier dowdies dowdy down downed downier downing downs downy dowries dowry doze dozed
dozen dozens dozes dozing dr drab drabber drabs draft drafted drafts drafty drag dragged dragon
dragons drags drain drained drains drama dramas drank drape draped drapery drapes draping
drastic draw drawer drawers drawing drawl drawled drawls drawn draws dread dreaded dreads dream
dreamed dreamer dreams dreamy dreary dredge dredged dredges dregs drench dress dressed dresser
dresses dressy drew dribble dried drier driers dries driest drift drifted drifts drill drilled
drills drily drink drinker drinks drip dripped drips drive drivel drivels driven driver drivers
drives driving drizzle droll droller drone droned drones droning drool drooled drools droop
drooped droops drop dropout dropped drops dross drought drouth drouths drove droves drown
drowned drowns drowse drowsed drowses drowsy drudge drudged drudges drug drugged drugs drum
drummed drummer drums drunk drunken drunker drunks dry dryer dryers dryest drying dryly dryness
drys du dual dualism dub dubbed dubbing dubious dubs duchess duck ducked ducking ducks duct
ducts dud dude duded dudes duding duds due duel dueled dueling duelled duels dues duet duets
duff dug dugout dugouts duke dukes dull dulled duller dullest dulling dulls dully dulness duly
dumb dumber dumbest dummies dummy dump dumped dumpier dumping dumps dumpy dunce dunces dune
dunes dung dunged dungeon dunging dungs dunk dunked dunking dunks dunn dunno duo dupe duped
dupes duping duplex durable duress during dusk duskier dusky dust dustbin dusted dustier dusting
dustmen dustpan dusts dusty dutch duties dutiful duty duvet dwarf dwarfed dwarfs dwarves dwell
dwelled dweller dwells dwelt dwindle dye dyed dyeing dyes dying dyked dyking dynamic dynamo
dynamos dynasty each eager eagerer eagerly eagle eagles ear earache eardrum earl earlier earls
early earmark earn earned earner earners earnest earning earns earring ears earshot earth
earthed earthly earths earthy ease eased easel easels eases easier easiest easily easing east
easter eastern easters easy eat eaten eater eating eats eave eaves ebb ebbed ebbing ebbs ebonies
ebony echo echoed echoes echoing echos eclipse ecology economy ecstasy eczema ed eddied eddies
eddy eddying edge edged edger edges edgier edgiest edging edgy edible edibles edict edicts
edifice edit edited editing edition editor editors edits educate eel eels eerie eerier eeriest
eery effect effects effigy effort efforts egg egged egging eggs ego egoism egos egotism egotist
eh eight eighth eighths eights eighty either eject ejected ejects eke eked ekes eking el elapse
elapsed elapses elastic elation elbow elbowed elbows elder elderly elders eldest elect elected
elector elects elegant elegies elegy element elevate eleven elevens elf elicit elicits elite
elites elitism elitist elk elks ellipse elm elms elope eloped elopes eloping else elude eluded
eludes eluding elusive elves em email emailed emails emanate embalm embalms embargo embark
embarks embassy embed embeds ember embers emblem emblems embody emboss embrace embryo embryos
emerald emerge emerged emerges eminent emir emirs emit emits emitted emotion emotive empathy
emperor empire empires employ employe employs emporia empower empress emptied emptier empties
empty emulate enable enabled enables enact enacted enacts enamel enamels encase encased encases
enchant enclose encode encoded encodes encore encored encores end endear endears ended endemic
ending endings endive endives endless endorse endow endowed endows ends endure endured endures
endways enema enemas enemata enemies enemy energy enforce engage engaged engages engine engines
england english engrave engross engulf engulfs enhance enigma enigmas enjoy enjoyed enjoys
enlarge enlist enlists enliven enmity enough enquire enquiry enrage enraged enrages enrich enrol
enroll enrolls enrols ensign ensigns enslave ensue ensued ensues ensuing ensure ensured ensures
entail entails enter entered enters enthral entice enticed entices entire entitle entity entrant
entrap entraps entreat entries entropy entrust entry entwine envelop envied envies envious envoy
envoys envy envying enzyme enzymes eon eons epaulet epic epics epilog epilogs episode epitaph
epithet epitome epoch epochs epsilon equal equaled equally equals equate equated equates equator
equine equines equinox equip equips equity era eras erase erased eraser erasers erases erasing
erasure erect erected erects ergo erode eroded erodes eroding erosion erotic err errand errands
errant erratic erred erring error errors errs erudite erupt erupted erupts es escape escaped
escapes escort escorts eskimo eskimos essay essayed essays essence estate estates esteem esteems
etch etched etches etching eternal ether ethic ethical ethics ethnic ethnics ethos eu eulogy
eureka europe eva evade evaded evades evading evasion evasive eve even evened evener evenest
evening evenly evens event events ever every eves evict evicted evicts evident evil eviler
evilest eviller evils evoke evoked evokes evoking evolve evolved evolves ewe ewes ex exact
exacted exacter exactly exacts exalt exalted exalts exam examine example exams exceed exceeds
excel excels except excepts excerpt excess excise excised excises excite excited excites exclaim
exclude excrete excuse excused excuses execute exempt exempts exert exerted exerts exhale
exhaled exhales exhaust exhibit exhort exhorts exhume exhumed exhumes exile exiled exiles
exiling exist existed exists exit exited exiting exits exodus exotic exotics expand expands
expanse expect expects expel expels expend expends expense expert experts expire expired expires
expiry explain explode exploit explore export exports expose exposed exposes expound express
extant extend extends extent extents extinct extol extoll extolls extols extort extorts extra
extract extras extreme exude exuded exudes exuding exult exulted exults eye eyeball eyebrow eyed
eyeing eyelash eyelid eyelids eyes eyesore eying fable fables fabric fabrics facade facades face
faced faces facet faceted facets facial facials facile facing fact faction factor factors
factory facts factual faculty fad fade faded fades fading fads faeces faggot faggots fagot
fagots fail failed failing fails failure faint fainted fainter faintly faints fair fairer
fairest fairies fairly fairs fairy faith faiths fake faked fakes faking falcon falcons fall
fallacy fallen falling fallout falls false falsely falser falsest falsify falsity falter falters
fame famed family famine famines famous fan fanatic fancied fancier fancies fancy fanfare fang
fangs fanned fanning fans fantasy far faraway farce farces fare fared fares faring farm farmed
farmer farmers farming farms farther fascism fascist fashion fast fasted fasten fastens faster
fastest fasting fasts fat fatal fatally fate fated fateful fates father fathers fathom fathoms
fatigue fating fats fatten fattens fatter fattest fattier fatties fatty fatuous faucet faucets
fault faulted faults faulty fauna faunae faunas favor favored favors fawn fawned fawning fawns
faze fazed fazes fazing fbi fear feared fearful fearing fears feast feasted feasts feat feather
feats feature feces fed federal feds fee feeble feebler feed feeder feeders feeding feeds feel
feeler feelers feeling feels fees feet feign feigned feigns feint feinted feints feline felines
fell felled feller fellest felling fellow fellows fells felon felons felony felt felted felting
felts female females fen fence fenced fences fencing fend fended fender fenders fending fends
ferment fern ferns ferret ferrets ferried ferries ferry fertile fervent fervor fester festers
festive festoon fetch fetched fetches feted fetich fetid feting fetish fetter fetters fetus
fetuses feud feudal feuded feuding feuds fever fevers few fewer fewest fez fezes fezzes fi
fiasco fiascos fib fibbed fibber fibbers fibbing fiber fibers fibs fiche fickle fickler fiction
fiddle fiddled fiddler fiddles fiddly fidget fidgets fidgety field fielded fields fiend fiends
fierce fiercer fierier fiery fiesta fiestas fifteen fifth fifths fifties fifty fig fight fighter
fights figment figs figure figured figures filch filched filches file filed files filet filets
filing fill filled filler fillet fillets fillies filling fills filly film filmed filmier filming
films filmy filter filters filth filthy fin final finale finales finally finals finance finch
finches find finding finds fine fined finely finer fines finesse finest finger fingers finicky
fining finish finite finn fins fir fire firearm fired firefly fireman firemen fires firing firm
firmed firmer firmest firming firmly firms firs first firstly firsts fiscal fiscals fish fished
fisher fishery fishes fishier fishing fishy fission fissure fist fists fit fitful fitness fits
fitted fitter fittest fitting five fiver fives fix fixable fixed fixes fixing fixture fizz
fizzed fizzes fizzing fizzle fizzled fizzles fizzy flabby flag flagged flags flail flailed
flails flair flairs flak flake flaked flakes flakier flaking flaky flame flamed flames flaming
flank flanked flanks flannel flap flapped flaps flare flared flares flaring flash flashed
flasher flashes flashy flask flasks flat flatly flats flatted flatten flatter flaunt flaunts
flavor flavors flaw flawed flawing flaws flea fleas fleck flecked flecks fled fledged flee
fleece fleeced fleeces fleecy fleeing flees fleet fleeted fleeter fleets flesh fleshed fleshes
fleshy flew flex flexed flexes flexing flick flicked flicker flicks flied flier fliers flies
fliest flight flights flighty flimsy flinch fling flings flint flints flip flipped flipper flips
flirt flirted flirts flit flits flitted float floated floats flock flocked flocks flog flogged
flogs flood flooded flooder floods floor floored floors flop flopped floppy flops flora florae
floral floras florid florist floss flossed flosses flounce flour floured flours flout flouted
flouts flow flowed flower flowers flowery flowing flown flows flu flue fluency fluent flues
fluff fluffed fluffs fluffy fluid fluids fluke flukes flung flunk flunked flunkey flunkie flunks
flunky flurry flush flushed flusher flushes fluster flute fluted flutes fluting flutist flutter
flux fluxed fluxes fluxing fly flyer flyers flying flyover fm foal foaled foaling foals foam
foamed foamier foaming foams foamy focal foci focus focused focuses fodder fodders foe foes
foetal foetus fog fogey fogeys fogged foggier fogging foggy foghorn fogies fogs fogy foible
foibles foil foiled foiling foils foist foisted foists fold folded folder folders folding folds
foliage folk folks folksy follies follow follows folly foment foments fond fonder fondest fondle
fondled fondles fondly font fonts food foods fool fooled fooling foolish fools foot footage
footed footing foots for fora forage foraged forages foray forayed forays forbad forbade forbear
forbid forbids forbore force forced forceps forces forcing ford forded fording fords fore
forearm forego foreign foreleg foreman foremen fores foresaw foresee forest forests forever
forfeit forgave forge forged forger forgers forgery forges forget forgets forging forgive forgo
forgoes forgone forgot fork forked forking forks forlorn form formal formals format formats
formed former forming forms formula forsake forsook fort forte fortes forth forties fortify
forts fortune forty forum forums forward forwent fossil fossils foster fosters fought foul
fouled fouler foulest fouling fouls found founded founder foundry founds fount founts four fours
fourth fourths fowl fowled fowling fowls fox foxed foxes foxier foxiest foxing foxy foyer foyers
fracas fractal fragile frail frailer frailty frame framed frames framing franc francs frank
franked franker frankly franks frantic fraud frauds fraught fray frayed fraying frays freak
freaked freaks freckle free freed freedom freeing freely freer frees freest freeway freeze
freezer freezes freight french frenzy fresh freshen fresher freshly fret fretful frets fretted
friar friars friday fridays fried friend friends fries frieze friezes frigate fright frights
frigid frill frills frilly fringe fringed fringes frisk frisked frisks frisky fritter frizzy fro
frock frocks frog frogs frolic frolics from frond fronds front frontal fronted fronts frost
frosted frosts frosty froth frothed froths frothy frown frowned frowns froze frozen frugal fruit
fruited fruits fruity fry frying ft fudge fudged fudges fudging fuel fueled fueling fuelled
fuels fulcra fulcrum fulfil fulfill fulfils full fulled fuller fullest fulling fulls fully
fulness fumble fumbled fumbles fume fumed fumes fuming fun fund funded funding funds funeral
fungi fungus funnel funnels funner funnest funnier funnies funnily funny fur furies furious furl
furled furling furlong furls furnace furnish furor furors furred furrier furring furrow furrows
furry furs further furtive fury fuse fused fuses fusing fusion fuss fussed fusses fussier
fussing fussy futile future futures fuze fuzed fuzes fuzing fuzz fuzzed fuzzes fuzzier fuzzing
fuzzy gab gabbed gabbing gable gables gabs gadget gadgets gag gage gaged gages gagged gagging
gaging gags gaiety gaily gain gained gainful gaining gains gait gaits gal gala galas galaxy gale
gales gall gallant galled gallery galley galleys galling gallon gallons gallop gallops gallows
galls galore gals gambit gambits gamble gambled gambler gambles game gamed gamer games gamest
gaming gamma gamut gamuts gander ganders gang ganged ganging gangs gangway gap gape gaped gapes
gaping gaps garage garaged garages garb garbage garbed garbing garble garbled garbles garbs
garden gardens gargle gargled gargles garish garland garlic garment garnet garnets garnish
garret garrets garter garters gas gaseous gases gash gashed gashes gashing gasket gaskets gasp
gasped gasping gasps gassed gasses gassing gastric gate gated gates gateway gather gathers
gating gaudier gaudy gauge gauged gauges gauging gaunt gaunter gauze gave gavel gavels gawk
gawked gawkier gawking gawks gawky gay gayer gayest gayety gayly gays gaze gazed gazelle gazes
gazette gazing gear geared gearing gears gee geed geeing gees geese gel gelatin geld gelded
gelding gelds gelt gem gems gender genders gene genera general generic genes geneses genesis
genetic genial genie genies genii genital genius genre genres gent gentile gentle gentled
gentler gentles gently gentry gents genuine genus genuses geology gerbil gerbils germ germs
gesture get getaway gets getting geyser geysers ghastly ghetto ghettos ghost ghosted ghostly
ghosts ghoul ghouls gi giant giants gibber gibbers gibe gibed gibes gibing giddier giddy gift
gifted gifting gifts gig gigged gigging giggle giggled giggles gigs gild gilded gilding gilds
gill gills gilt gilts gimme gimmick gin ginger gingham ginned ginning gins giraffe girder
girders girdle girdled girdles girl girlish girls girth girths gist give given givens gives
giving gizzard glacial glacier glad gladden gladder glade glades gladly glads glamor glamors
glamour glance glanced glances gland glands glare glared glares glaring glass glassed glasses
glassy glaze glazed glazes glazing gleam gleamed gleams glean gleaned gleans glee glen glens
glib glibber glibly glide glided glider gliders glides gliding glimmer glimpse glint glinted
glints glisten glitter gloat gloated gloats global globe globes globule gloom gloomy gloried
glories glorify glory gloss glossed glosses glossy glove gloved gloves gloving glow glowed
glower glowers glowing glows glucose glue glued glueing glues gluing glum glummer glut gluts
glutted glutton gnarl gnarled gnarls gnash gnashed gnashes gnat gnats gnaw gnawed gnawing gnawn
gnaws gnome gnomes gnp gnu gnus go goad goaded goading goads goal goalie goalies goals goat
goatee goatees goats gob gobbed gobbing gobble gobbled gobbles goblet goblets goblin goblins
gobs god goddess godless godlier godlike godly gods godsend goes goggle goggles going gold
golden golds golf golfed golfer golfers golfing golfs gondola gone goner goners gong gonged
gonging gongs gonna goo good goodby goodbye goodie goodies goods goody gooey goof goofed goofier
goofing goofs goofy gooier gooiest goon goons goose goosed gooses goosing gop gopher gophers
gore gored gores gorge gorged gorges gorging gorier goriest gorilla goring gory gosh gosling
gospel gospels gossip gossips got gotten gouge gouged gouges gouging goulash gourd gourds
gourmet gout govern governs gown gowned gowning gowns grab grabbed grabber grabs grace graced
graces gracing grade graded grader grades grading gradual graft grafted grafts grain grains gram
grammar grams grand grander grandly grands granite grannie granny granola grant granted grants
granule grape grapes graph graphed graphic graphs grapple grasp grasped grasps grass grassed
grasses grassy grate grated grater graters grates gratify grating grave graved gravel gravels
gravely graven graver graves gravest gravies graving gravity gravy gray grayed grayer grayest
graying grays graze grazed grazes grazing grease greased greases greasy great greater greatly
greats greed greedy greek greeks green greened greener greens greet greeted greets gremlin
grenade grew grey greyed greyer greyest greying greys grid griddle grids grief griefs grieve
grieved grieves grill grille grilled grilles grills grim grimace grime grimed grimes grimier
griming grimly grimmer grimy grin grind grinder grinds grinned grins grip gripe griped gripes
griping gripped grips grisly gristle grit grits gritted gritty grizzly groan groaned groans
grocer grocers grocery groggy groin groins groom groomed grooms groove grooved grooves groovy
grope groped gropes groping gross grossed grosser grosses grossly grotto grottos grouch grouchy
ground grounds group grouped grouper groups grouse groused grouses grove grovel grovels groves
grow grower growers growing growl growled growls grown grows growth growths grub grubbed grubby
grubs grudge grudged grudges gruel gruff gruffer gruffly grumble grumpy grunt grunted grunts
guard guarded guards guess guessed guesses guest guested guests guffaw guffaws guide guided
guides guiding guild guilds guile guilt guilty guinea guise guises guitar guitars gulch gulches
gulf gulfs gull gulled gullet gullets gulley gullies gulling gulls gully gulp gulped gulping
gulps gum gumdrop gummed gummier gumming gummy gums gun gunfire gunman gunmen gunn gunned gunner
gunners gunning guns gunshot guppies guppy gurgle gurgled gurgles guru gurus gush gushed gusher
gushers gushes gushing gust gusted gustier gusting gusts gusty gut guts gutted gutter gutters
gutting guy guyed guying guys guzzle guzzled guzzles gybe gybed gybes gybing gym gymnast gyms
gyrate gyrated gyrates ha habit habitat habits hack hacked hacker hackers hacking hackney hacks
hacksaw had haddock hag haggard haggle haggled haggles hags hah hail hailed hailing hails hair
haircut hairdo hairdos haired hairier hairs hairy hale haled haler hales halest half halfway
halibut haling hall halls hallway halo haloed haloes haloing halon halos halt halted halter
halters halting halts halve halved halves halving ham hamlet hamlets hammed hammer hammers
hamming hammock hamper hampers hams hamster hand handbag handed handful handier handing handle
handled handler handles handout hands handy hang hangar hangars hanged hanger hangers hanging
hangout hangs hanker hankers hapless happen happens happier happily happy harass harbor harbors
hard harden hardens harder hardest hardier hardly hardy hare hared harem harems hares haring
hark harked harking harks harlot harlots harm harmed harmful harming harmony harms harness harp
harped harping harpist harpoon harps harried harries harrow harrows harry harsh harsher harshly
hart harts harvest has hash hashed hashes hashing hassle hassled hassles haste hasted hasten
hastens hastes hastier hastily hasting hasty hat hatch hatched hatches hatchet hate hated
hateful hates hating hatred hatreds hats hatted hatting haughty haul hauled hauling hauls haunt
haunted haunts have haven havens haves having havoc hawk hawked hawking hawks hay hayed haying
hays haywire hazard hazards haze hazed hazel hazels hazes hazier haziest hazing hazy hd he head
headed header headers headier heading heads headway heady heal healed healer healers healing
heals health healthy heap heaped heaping heaps hear heard hearing hears hearsay hearse hearses
heart hearten hearth hearths hearts hearty heat heated heater heaters heath heathen heather
heating heats heave heaved heaven heavens heaves heavier heavies heavily heaving heavy hebrew
hebrews heckle heckled heckler heckles hectic hedge hedged hedges hedging heed heeded heeding
heeds heel heeled heeling heels heftier hefty heifer heifers height heights heinous heir heirs
held helium hell hellish hello hellos helm helmet helmets helms help helped helper helpers
helpful helping helps hem hemlock hemmed hemming hemp hems hen hence hens her herald heralds
herb herbs herd herded herding herds here hereby herein heresy heretic hermit hermits hernia
herniae hernias hero heroes heroic heroin heroine heroins heroism heron herons heros herpes
herring hers herself hes hess hew hewed hewing hewn hews hexagon hey heyday heydays hi hiatus
hiccup hiccups hick hickory hicks hid hidden hide hided hideous hides hiding high higher highest
highly highs highway hijack hijacks hike hiked hiker hikers hikes hiking hill hillier hills
hilly hilt hilts him hims himself hind hinder hinders hinds hinge hinged hinges hinging hint
hinted hinting hints hip hipped hipper hippest hippie hippies hipping hippy hips hire hired
hires hiring his hiss hissed hisses hissing history hit hitch hitched hitches hither hits
hitting hive hived hives hiving ho hoard hoarded hoarder hoards hoarse hoarser hoax hoaxed
hoaxes hoaxing hobbies hobbit hobble hobbled hobbles hobby hobnob hobnobs hobo hoboes hobos hock
hocked hockey hocking hocks hoe hoed hoeing hoes hog hogged hogging hogs hoist hoisted hoists
hold holder holders holding holds holdup holdups hole holed holes holiday holier holiest holing
holler hollers hollies hollow hollows holly holster holy homage homages home homed homely homes
homey homeys homie homier homies homiest homing homonym homy hone honed hones honest honesty
honey honeyed honeys honied honing honk honked honking honks honor honored honors hood hooded
hooding hoodlum hoods hoof hoofed hoofing hoofs hook hooked hooking hooks hoop hooped hooping
hoops hoorah hoorahs hooray hoorays hoot hooted hooter hooting hoots hooves hop hope hoped
hopeful hopes hoping hopped hopper hopping hops horde horded hordes hording horizon hormone horn
horned hornet hornets hornier horns horny horrid horrify horror horrors horse horsed horses
horsing hose hosed hoses hosiery hosing host hostage hosted hostel hostels hostess hostile
hosting hosts hot hotbed hotbeds hotel hotels hothead hotly hotter hottest hound hounded hounds
hour hourly hours house housed houses housing hove hovel hovels hover hovered hovers how however
howl howled howling howls hows hp hub hubbub hubbubs hubs huddle huddled huddles hue hued hues
huff huffed huffier huffing huffs huffy hug huge hugely huger hugest hugged hugging hugs huh
hulk hulking hulks hull hulled hulling hulls hum human humane humaner humanly humans humble
humbled humbler humbles humbly humbug humdrum humid hummed humming humor humored humors hump
humped humping humps hums hunch hunched hunches hundred hung hunger hungers hungry hunk hunks
hunt hunted hunter hunters hunting hunts hurdle hurdled hurdles hurl hurled hurling hurls hurrah
hurrahs hurray hurrays hurried hurries hurry hurt hurtful hurting hurtle hurtled hurtles hurts
husband hush hushed hushes hushing husk husked huskier huskies huskily husking husks husky
hustle hustled hustler hustles hut hutch hutches huts hyaena hyaenas hybrid hybrids hydrant
hyena hyenas hygiene hymn hymnal hymnals hymned hymning hymns hyphen hyphens ian ice iceberg
iced ices icicle icicles icier iciest icing icings icon icons icy id idea ideal ideally ideals
ideas idiocy idiom idioms idiot idiotic idiots idle idled idler idles idlest idling idly idol
idolize idols ids idyllic if ifs igloo igloos ignite ignited ignites ignore ignored ignores
iguana iguanas ii iii ikon ikons ilk ill illegal illicit illness ills image imaged imagery
images imagine imaging imbed imbeds imitate immense immerse immoral immune imp impact impacts
impair impairs impale impaled impales impart imparts impasse impeach impede impeded impedes
impel impels impend impends imperil impetus impinge impish implant implied implies implore imply
import imports impose imposed imposes impound impress imprint improve imps impulse impure
impurer in inane inaner inanest inborn inbred inbreed inbuilt incense incest inch inched inches
inching incisor incite incited incites incline inclose include income incomes incur incurs
indeed indent indents index indexed indexes indian indians indices indict indicts indigo indoor
indoors indorse induce induced induces induct inducts indulge inept inert inertia inexact infamy
infancy infant infants infect infects infer inferno infers infest infests infidel infield infirm
infix inflame inflate inflict influx info inform informs infuse infused infuses ingest ingests
ingrain inhabit inhale inhaled inhaler inhales inherit inhibit inhuman initial inject injects
injure injured injures injury ink inked inkier inkiest inking inkling inks inky inlaid inland
inlay inlays inlet inlets inmate inmates inn innards innate inner inning innings inns input
inputs inquest inquire inquiry ins insane insaner insect insects insert inserts inside insider
insides insight insigne insipid insist insists insofar inspect inspire instal install instals
instant instead instep insteps instil instill instils insular insulin insult insults insure
insured insurer insures intact intake intakes integer intend intends intense intent intents
inter interim intern interne interns inters into intrude intrust invade invaded invader invades
invalid invent invents inverse invert inverts invest invests invite invited invites invoice
invoke invoked invokes involve inward inwards io iodine ion ions iota iotas iou irate ire iris
irises irk irked irking irks iron ironed ironic ironies ironing irons irony irs is islam islamic
islams island islands isle isles isolate issue issued issues issuing isthmi isthmus it italic
italics itch itched itches itchier itching itchy item itemize items iterate its itself iv ivies
ivories ivory ivy ix jab jabbed jabber jabbers jabbing jabs jack jackal jackals jackass jackdaw
jacked jacket jackets jacking jackpot jacks jade jaded jades jading jagged jaguar jaguars jail
jailed jailer jailers jailing jailor jailors jails jalopy jam jamb jambs jammed jamming jams jan
jangle jangled jangles janitor january jar jargon jarred jarring jars jaunt jaunted jaunts
jaunty javelin jaw jawbone jawed jawing jaws jay jays jaywalk jazz jazzed jazzes jazzing jealous
jeans jeer jeered jeering jeers jell jelled jellied jellies jelling jells jelly jerk jerked
jerkier jerking jerks jerky jersey jerseys jest jested jester jesters jesting jests jet jets
jetted jetties jetting jetty jew jewel jeweled jeweler jewelry jewels jewish jews jibe jibed
jibes jibing jiffies jiffy jig jigged jigging jiggle jiggled jiggles jigs jigsaw jigsawn jigsaws
jilt jilted jilting jilts jim jingle jingled jingles jinx jinxed jinxes jinxing jitters jittery
jo job jobbed jobbing jobs jockey jockeys jocular joe jog jogged jogger joggers jogging jogs
john join joined joining joins joint jointed jointly joints joke joked joker jokers jokes joking
jollied jollier jollies jolly jolt jolted jolting jolts jostle jostled jostles jot jots jotted
jotting journal journey jovial joy joyed joyful joying joyous joys jr jubilee judaism judge
judged judges judging judo jug jugged jugging juggle juggled juggler juggles jugs jugular juice
juiced juices juicier juicing juicy julies july jumble jumbled jumbles jumbo jumbos jump jumped
jumper jumpers jumpier jumping jumps jumpy june junes jungle jungles junior juniors juniper junk
junked junket junkets junkie junkies junking junks junky junta juntas juries juror jurors jury
just juster justest justice justify justly jut jute juts jutted jutting kai karat karate karats
kayak kayaked kayaks keel keeled keeling keels keen keened keener keenest keening keenly keens
keep keeper keepers keeping keeps keg kegs kelp ken kennel kennels kept kernel kernels ketchup
kettle kettles key keyed keyhole keying keynote keys keyword kg khaki khakis kick kicked kicking
kickoff kicks kid kidd kidded kidding kidnap kidnaps kidney kidneys kids kill killed killer
killers killing kills kiln kilned kilning kilns kilo kilos kilt kilts kim kimono kimonos kin
kind kinda kinder kindest kindle kindled kindles kindly kindred kinds kinfolk king kingdom kings
kink kinked kinkier kinking kinks kinky kinship kiosk kiosks kipper kiss kissed kisses kissing
kit kitchen kite kited kites kiting kits kitten kittens kitties kitty kiwi kiwis km knack
knacker knacks knead kneaded kneads knee kneecap kneed kneeing kneel kneeled kneels knees knelt
knew knife knifed knifes knifing knight knights knit knits knitted knives knob knobs knock
knocked knocker knocks knoll knolls knot knots knotted knotty know knowing known knows knuckle
ko koala koalas koran korans kosher koshers kowtow kowtows kudos la lab label labeled labels
labor labored laborer labors labs lace laced laces lacier laciest lacing lack lacked lacking
lacks lacquer lacy lad ladder ladders lade laded laden lades ladies lading ladle ladled ladles
ladling lads lady ladybug lag lager laggard lagged lagging lagoon lagoons lags laid lain lair
lairs lake lakes lamb lambda lambed lambing lambs lame lamed lament laments lamer lames lamest
laming lamp lampoon lamps lance lanced lances lancing land landed lander landing lands lane
lanes languid languor lankier lanky lantern lap lapel lapels lapped lapping laps lapse lapsed
lapses lapsing larceny lard larded larding lards large largely larger larges largest lark larked
larking larks larva larvae larvas larynx laser lasers lash lashed lashes lashing lass lasses
last lasted lasting lastly lasts latch latched latches late lately latent later lateral latest
latex lath lathe lathed lather lathers lathes lathing laths latin latiner latins latrine latter
lattice laud lauded lauding lauds laugh laughed laughs launch launder laundry laurel laurels
lava lavish law lawful lawless lawn lawns laws lawsuit lawyer lawyers lax laxer laxest laxity
lay layer layered layers laying layman laymen layout layouts lays lazied lazier lazies laziest
lazy lazying lb le leach lead leaded leaden leader leaders leading leads leaf leafed leafier
leafing leaflet leafs leafy league leagued leagues leak leakage leaked leaking leaks leaky lean
leaned leaner leanest leaning leans leap leaped leaping leaps leapt learn learned learns learnt
lease leased leases leash leashed leashes leasing least leather leave leaved leaves leaving
lectern lecture led ledge ledger ledgers ledges lee leech leeched leeches leek leeks leer leered
leerier leering leers leery leeway left lefter leftest lefts leg legacy legal legally legals
legend legends legged leggin legging leggins legible legibly legion legions legs legume legumes
leisure lemme lemon lemons lend lending lends length lengths lengthy lenient lens lenses lent
lentil lentils leo leopard leotard leper lepers leprosy lept lesbian lesion lesions less lessen
lessens lesser lesson lessons lest let letdown lethal lets letter letters letting lettuce letup
letups levee levees level leveled levels lever levered levers levied levies levity levy levying
lewd lewder lewdest lexica lexical lexicon liable liaison liar liars libel libeled libels
liberal liberty library lice licence license lichen lichens lick licked licking licks lid lids
lie lied lies lieu life lift lifted lifting lifts light lighted lighten lighter lightly lights
lii likable like liked likely liken likened likens liker likes likest liking lilac lilacs lilies
lilt lilted lilting lilts lily limb limber limbers limbo limbs lime limed limes liming limit
limited limits limp limped limper limpest limping limps line lineage linear lined linen liner
liners lines linger lingers lingo lingoes lingos lining linings link linkage linked linker
linking links lint lion lioness lions lip lips liquefy liqueur liquid liquids liquify liquor
liquors lisp lisped lisping lisps list listed listen listens listing lists lit litany liter
literal liters lithe lither lithest lithium litter litters little littler liturgy livable live
lived lively liven livened livens liver livers lives livest livid living livings lix lizard
lizards llama llamas load loaded loader loading loads loaf loafed loafer loafers loafing loafs
loam loan loaned loaning loans loath loathe loathed loathes loaves lob lobbed lobbied lobbies
lobbing lobby lobe lobes lobs lobster local locale locales locally locals locate located locates
lock locked locker lockers locket lockets locking locks locust locusts lodge lodged lodger
lodgers lodges lodging loft lofted loftier lofting lofts lofty log logged logger logging logic
logical logo logs loin loins loiter loiters loll lolled lolling lolls lone lonely long longed
longer longest longing longish longs look looked looking lookout looks loom loomed looming looms
loon looney looneys loonie loonier loonies loons loony loop looped looping loops loose loosed
loosely loosen loosens looser looses loosest loosing loot looted looting loots lop lope loped
lopes loping lopped lopping lops lord lorded lording lords lore lorries lorry lose loser losers
loses losing loss losses lost lot loth lotion lotions lots lott lottery lotus lotuses loud
louder loudest loudly lounge lounged lounges louse louses lousier lousy lovable love loved
lovely lover lovers loves loving low lowdown lowed lower lowered lowers lowest lowing lowlier
lowly lows loyal loyaler loyalty lozenge lsd lucid luck lucked luckier luckily lucking lucks
lucky lug luggage lugged lugging lugs lull lullaby lulled lulling lulls lumber lumbers lump
lumped lumpier lumping lumps lumpy lunacy lunar lunatic lunch lunched lunches lung lunge lunged
lunges lunging lungs lupin lupine lupines lupins lurch lurched lurches lure lured lures lurid
luring lurk lurked lurking lurks lush lusher lushes lushest lust lusted luster lustier lusting
lustre lusts lusty lute lutes luxury lvi lvii lxi lxii lxiv lxix lxvi lxvii lye lying lymph
lynch lynched lynches lyre lyres lyric lyrical lyrics ma macabre mace maced maces machete
machine macho macing mad madam madame madams madcap madcaps madden maddens madder maddest made
madly madman madmen madness mads magenta maggot maggots magic magical magnate magnet magnets
magnify magnum magpie magpies maid maiden maidens maids mail mailbox mailed mailing mailman
mailmen mails maim maimed maiming maims main mainly mains maize maizes majesty major majored
majors make maker makers makes makeup makeups making malady malaria male males malice malign
maligns mall mallard mallet mallets malls malt malted malting malts mama mamas mamma mammal
mammals mammas mammoth man manacle manage managed manager manages mandate mane manes mange
manger mangers mangier mangle mangled mangles mango mangoes mangos mangy manhole manhood mania
maniac maniacs manias manic mankind manlier manly mann manned manner manners manning mannish
manor manors mans mansion mantel mantels mantle mantled mantles manual manuals manure manured
manures many map maple maples mapped mapper mapping maps mar marble marbled marbles march
marched marcher marches mare mares margin margins maria marina marinas marine mariner marines
marital mark marked marker markers market markets marking marks maroon maroons marquee marred
married marries marring marrow marrows marry mars marsh marshal marshes marshy mart martial
martin marts martyr martyrs marvel marvels marxism marxist mas mascara mascot mascots mash
mashed mashes mashing mask masked masking masks mason masonry masons mass massage massed masses
massing massive mast master masters mastery masts mat matador match matched matches mate mated
mates math mating matrix matron matrons mats matt matte matted matter matters mattes matting
matts mature matured maturer matures maudlin maul mauled mauling mauls mauve max maxim maxima
maximal maxims maximum may maybe maybes mayhem mayor mayors mays maze mazes mc md me meadow
meadows meager meal mealier meals mealy mean meander meaner meanest meaning means meant measles
measly measure meat meats medal medals meddle meddled meddler meddles media median medias
mediate medical medium mediums medley medleys meek meeker meekest meekly meet meeting meets
megaton mellow mellows melodic melody melon melons melt melted melting melts member members
memento memo memoir memoirs memory memos men menace menaced menaces mend mended mending mends
menial menials mental menthol mention mentor mentors menu menus meow meowed meowing meows
mercies mercury mercy mere merely meres merest merge merged merger mergers merges merging merit
merited merits mermaid merrier merrily merry mes mesh meshed meshes meshing mess message messed
messes messier messing messy met metal metals mete meted meteor meteors meter metered meters
metes method methods meting metric metro metros mettle mew mewed mewing mews mg mi mia miaow
miaowed miaows mice microbe midday middle middles midget midgets midriff midst midway midways
midwife mien miens might mighty migrant migrate mike miked mikes miking mild milder mildest
mildew mildews mildly mile mileage miles militia milk milked milker milkier milking milkman
milkmen milks milky mill milled miller millers milling million mills mime mimed mimes mimic
mimicry mimics miming mince minced minces mincing mind minded mindful minding minds mine mined
miner mineral miners mines mingle mingled mingles minibus minimal minimum mining minion minions
mink minks minnow minnows minor minored minors mint minted minting mints minuet minuets minus
minuses minute minuted minuter minutes miracle mirage mirages mire mired mires miring mirror
mirrors mirth misdeed miser miserly misers misery misfit misfits mishap mishaps mislaid mislay
mislays mislead misled misread miss missed misses missile missing mission missive mist mistake
misted mister mistier misting mistook mists misty mistype misuse misused misuses mite mites mitt
mitten mittens mitts mix mixed mixer mixers mixes mixing mixture ml mlb mm mo moan moaned
moaning moans moat moats mob mobbed mobbing mobile mobiles mobs mock mocked mockery mocking
mocks mod modal mode model modeled models modern moderns modes modest modesty modicum modify
modular module modules mohair moist moisten moister molar molars mold molded moldier molding
molds moldy mole moles molest molests mollify mollusc mollusk molt molted molten molting molts
mom moment moments momma mommas moms monarch monday mondays money mongrel monies monitor monk
monkey monkeys monks monolog monsoon monster month monthly months moo mood moodier moodily moods
moody mooed mooing moon mooned mooning moons moor moored mooring moors moos moose moot mooted
mooting moots mop mope moped mopes moping mopped mopping mops moral morale morally morals morass
morbid more morgue morgues morn morning morns moron moronic morons morose morsel morsels mortal
mortals mortar mortars mortify mosaic mosaics moslem moslems mosque mosques moss mosses mossier
mossy most mostly motel motels moth mother mothers moths motif motifs motion motions motive
motives motley motleys motlier motor motored motors mott motto mottoes mottos mound mounded
mounds mount mounted mounts mourn mourned mourner mourns mouse moused mouses mousey mousier
mousing mousse moussed mousses mousy mouth mouthed mouths movable move moved mover movers moves
movie movies moving mow mowed mower mowers mowing mown mows mr mrs ms mtv mu much muck mucked
mucking mucks mucous mucus mud muddied muddier muddies muddle muddled muddles muddy muff muffed
muffin muffing muffins muffle muffled muffler muffles muffs mug mugged mugger muggers muggier
mugging muggy mugs mulch mulched mulches mule mules mull mulled mulling mulls multi mum mumble
mumbled mumbles mummies mummify mummy mumps munch munched munches mundane mural murals murder
murders murkier murky murmur murmurs muscle muscled muscles muse mused muses museum museums mush
mushed mushes mushier mushing mushy music musical musing musk musket muskets muslim muslims muss
mussed mussel mussels musses mussing must mustang mustard muster musters mustier musts musty
mutant mutants mutate mutated mutates mute muted mutely muter mutes mutest muting mutiny mutt
mutter mutters mutton mutts mutual muzzle muzzled muzzles my myopic myriad myriads myself
mystery mystic mystics mystify myth myths na nab nabbed nabbing nabs nag nagged nagging nags
nail nailed nailing nails naive naively naiver naivest naivety naked name named namely names
naming nap napalm napalms nape napes napkin napkins napped nappies napping nappy naps narrate
narrow narrows nasal nasals nastier nastily nasty nation nations native natives nattier natty
natural nature natures naught naughts naughty nausea naval navel navels navies navy nay nays
nazi nazis nba ne near nearby neared nearer nearest nearing nearly nears neat neater neatest
neatly nebula nebulae nebulas neck necked necking necks necktie nectar need needed needier
needing needle needled needles needs needy negate negated negates neglect neglig negligs negro
negroes neigh neighed neighs neither neon nephew nephews nerve nerved nerves nerving nervous
nest nested nesting nestle nestled nestles nests net nether nets netted netting nettle nettled
nettles network neural neuron neurons neuter neuters neutral neutron never new newbie newbies
newborn newer newest newly news newsier newsy newt newton newts next nfl ni nibble nibbled
nibbles nice nicely nicer nicest nicety niche niches nick nicked nickel nickels nicking nicks
niece nieces niftier nifty nigh night nightly nights nil nimble nimbler nimbly nine nines ninety
ninnies ninny ninth ninths nip nipped nippier nipping nipple nipples nippy nips nit nite nites
nitrate nits nitwit nitwits no noble nobler nobles noblest nobly nobody nod nodded nodding node
nodes nods noes noise noised noises noisier noisily noising noisy nomad nomadic nomads nominal
nominee non none nonstop noodle noodled noodles nook nooks noon noose nooses nor norm normal
norms north nose nosed noses nosey nosier nosiest nosing nostril nosy not notable notably notch
notched notches note noted notes nothing notice noticed notices notify noting notion notions
nougat nougats nought noughts noun nouns nourish nova novel novels novelty novice novices now
nowhere noxious nozzle nozzles nuance nuances nuclear nuclei nucleus nude nuder nudes nudest
nudge nudged nudges nudging nudity nugget nuggets null nullify nulls numb numbed number numbers
numbest numbing numbs numeral numeric nun nuns nuptial nurse nursed nursery nurses nursing
nurture nut nutmeg nutmegs nuts nutted nuttier nutting nutty nuzzle nuzzled nuzzles nw ny nylon
nymph nymphs oaf oafs oak oaks oar oared oaring oars oases oasis oath oaths oatmeal obelisk
obese obesity obey obeyed obeying obeys object objects oblige obliged obliges oblique oblong
oblongs oboe oboes obscene obscure observe obsess obtain obtains obtuse obtuser obvious occupy
occur occurs ocean oceanic oceans octagon octal octave octaves october octopi octopus ocular
oculars odd odder oddest oddity oddly odds ode odes odious odor odors of off offbeat offed
offend offends offense offer offered offers offhand office officer offices offing offings
offload offs offset offsets often oftener ogle ogled ogles ogling ogre ogres oh ohm ohms ohs oil
oiled oilier oiliest oiling oils oily ok okay okayed okaying okays oked oking okra okras oks old
olden older oldest olive olives omega omelet omelets omen omens ominous omit omits omitted
omnibus on once one onerous ones oneself ongoing onion onions only onrush onset onsets onto onus
onuses onward onwards oodles ooze oozed oozes oozing opal opals opaque opaqued opaquer opaques
open opened opener openers openest opening openly opens opera operand operas operate opinion
opium opossum oppose opposed opposes oppress opt opted optic optical optics optima optimal
optimum opting option options opts opulent opus opuses or oracle oracles oral orals orange
oranges oration orator orators oratory orbit orbital orbited orbits orchard orchid orchids
ordain ordains ordeal ordeals order ordered orderly orders ore ores organ organic organs orgasm
orgies orgy orient orients orifice origin origins ornate orphan orphans os osmosis ostrich other
others otter otters ouch ought ounce ounces our ours oust ousted ouster ousters ousting ousts
out outcast outcome outcry outdid outdo outdoes outdone outdoor outed outer outfit outfits
outgrew outgrow outing outings outlaid outlast outlaw outlaws outlay outlays outlet outlets
outline outlive outlook outpost output outputs outrage outran outrun outruns outs outset outsets
outside outward outwit outwits ova oval ovals ovaries ovary ovation oven ovens over overall
overate overdid overdo overdue overeat overlap overlay overlie overly overran overrun overs
oversaw oversee overt overtly overuse ovum owe owed owes owing owl owls own owned owner owners
owning owns ox oxen oxide oxides oxidize oxygen oyster oysters oz ozone pa pace paced paces
pacific pacify pacing pack package packed packer packers packet packets packing packs pact pacts
pad padded paddies padding paddle paddled paddles paddock paddy padlock pads pagan pagans page
pageant paged pager pages paging pagoda pagodas paid pail pails pain pained painful paining
pains paint painted painter paints pair paired pairing pairs pajamas pal palace palaces palate
palates pale paled paler pales palest palette paling pall palled pallid palling pallor palls
palm palmed palming palms pals paltry pamper pampers pan panacea pancake panda pandas pander
panders pane panel paneled panels panes pang pangs panic panicky panics panned panning pans
pansies pansy pant panted panther pantie panties panting pantry pants panty pap papa papacy
papal papas papaya papayas paper papered papers paprika papyri papyrus par parable parade
paraded parades paradox paragon parasol parcel parcels parch parched parches pardon pardons pare
pared parent parents pares paring parish parity park parka parkas parked parking parks parkway
parlor parlors parody parole paroled paroles parred parring parrot parrots pars parse parsec
parsecs parsed parser parses parsing parsley parsnip parson parsons part partake parted partial
partied parties parting partly partner partook parts party pas pass passage passed passer passes
passing passion passive past pasta pastas paste pasted pastel pastels pastes pastier pasties
pastime pasting pastor pastors pastry pasts pasture pasty pat patch patched patches patchy pate
patent patents pates path pathos paths pathway patient patio patios patriot patrol patrols
patron patrons pats patted patter pattern patters patties patting patty paucity paunch paunchy
pauper paupers pause paused pauses pausing pave paved paves paving paw pawed pawing pawn pawned
pawning pawns paws pay payable payed payer payers paying payload payment payoff payoffs payroll
pays pbs pc pea peace peaces peach peaches peacock peak peaked peaking peaks peal pealed pealing
peals peanut peanuts pear pearl pearled pearls pears peas peasant pease peat pebble pebbled
pebbles pecan pecans peck pecked pecking pecks pedal pedaled pedals pedant pedants peddle
peddled peddler peddles pedlar pedlars peek peeked peeking peeks peel peeled peeling peels peep
peeped peeping peeps peer peered peering peers peeve peeved peeves peeving peevish peg pegged
pegging pegs pelican pellet pellets pelt pelted pelting pelts pelves pelvic pelvis pen penal
penalty penance pence pencil pencils pend pendant pended pending pends penes penguin penis
penises penn pennant penned pennies penning penny pens pension pensive peon peonies peons peony
people peopled peoples pep pepped pepper peppers pepping peps per percent perch perched perches
perfect perform perfume perhaps peril periled perils period periods perish perjure perjury perk
perked perkier perking perks perky permit permits perplex persist person persona persons pert
pertain perter pertest perturb perusal peruse perused peruses pervade pervert peskier pesky pest
pester pesters pests pet petal petals peter petered peters petite petites petrify petrol pets
petted pettier petting petty petunia pew pews pewter pewters phantom phase phased phases phasing
phlegm phobia phobias phoenix phone phoned phones phoney phoneys phonics phonied phonier phonies
phoning phony photo photoed photon photons photos phrase phrased phrases physic physics pi
pianist piano pianos piccolo pick pickax pickaxe picked picket pickets pickier picking pickle
pickled pickles picks pickup pickups picky picnic picnics picture piddle piddled piddles pie
piece pieced pieces piecing pier pierce pierced pierces piers pies piety pig pigeon pigeons
pigged pigging piggish pigment pigpen pigpens pigs pigtail pike piked pikes piking pile piled
piles pilfer pilfers pilgrim piling pill pillage pillar pillars pilled pilling pillow pillows
pills pilot piloted pilots pimple pimples pimply pin pinch pinched pinches pine pined pines
pining pinion pinions pink pinked pinker pinkest pinking pinks pinned pinning pins pint pints
pioneer pious pipe piped pipes piping pique piqued piques piquing piracy piranha pirate pirated
pirates pis pistol pistols piston pistons pit pitch pitched pitcher pitches piteous pitfall
pithier pithy pitied pities pitiful pits pitt pitted pitting pity pitying pivot pivotal pivoted
pivots pixie pixies pixy pizza pizzas placard placate place placed places placid placing plague
plagued plagues plaice plaid plaids plain plainer plainly plains plan planar plane planed planes
planet planets planing plank planked planks planned planner plans plant planted planter plants
plaque plaques plasma plaster plastic plate plateau plated plates plating platoon platter play
played player players playful playing playpen plays plaza plazas plea plead pleaded pleads pleas
please pleased pleases pleat pleated pleats pled pledge pledged pledges plenty pliable pliant
plied pliers plies plight plights plod plodded plods plop plopped plops plot plots plotted
plotter plough ploughs plow plowed plowing plows ploy ploys pluck plucked plucks plucky plug
plugged plugs plum plumage plumb plumbed plumber plumbs plume plumed plumes pluming plummet
plump plumped plumper plumps plums plunder plunge plunged plunger plunges plural plurals plus
pluses plush plusher plusses ply plying plywood poach poached poacher poaches pocket pockets pod
podded podding podia podium podiums pods poem poems poet poetic poetry poets point pointed
pointer points poise poised poises poising poison poisons poke poked poker pokers pokes pokey
pokier pokiest poking poky polar pole poled polemic poles police policed polices policy poling
polio polios polish polite politer polka polkaed polkas poll polled pollen polling polls pollute
polo polygon polyp polyps pomp pompous poncho ponchos pond ponder ponders ponds ponies pontoon
pony poodle poodles pool pooled pooling pools poop pooped pooping poops poor poorer poorest
poorly pop popcorn pope poplar poplars popped poppies popping poppy pops popular porch porches
pore pored pores poring pork porous port portal portals ported portend portent porter porters
portico porting portion portly portray ports pose posed poses posies posing possess possum
possums post postage postal postbox posted poster posters posting postman postmen posts posture
posy pot potato potency potent pothole potion potions pots potted potter potters pottery potting
pouch pouched pouches poultry pounce pounced pounces pound pounded pounds pour poured pouring
pours pout pouted pouting pouts poverty powder powders powdery power powered powers powwow
powwows pr prairie praise praised praises pram prance pranced prances prank pranks prattle prawn
prawned prawns pray prayed prayer prayers praying prays preach precede precise predict preempt
preen preened preens prefab prefabs preface prefect prefer prefers prefix prelude premier
premise premiss premium prepaid prepare prepay prepays present preside press pressed presses
presto presume pretend pretext pretty pretzel prevail prevent preview prevue prevues prey preyed
preying preys price priced prices pricing prick pricked prickle prickly pricks pride prided
prides priding pried pries priest priests prim primal primary primate prime primed primer
primers primes priming primly primmer primp primped primps prince princes print printed printer
prints prior priors prism prisms prison prisons privacy private privier privies privy prize
prized prizes prizing pro probe probed probes probing problem proceed process procure prod
prodded prodigy prods produce product profane profess proffer profile profit profits profuse
progeny program project prolog prologs prolong prom promise promote prompt prompts proms prone
prong prongs pronoun proof proofed proofs prop propel propels proper prophet propose propped
props pros prose prosper protect protein protest proton protons proud prouder proudly prove
proved proven proverb proves provide proving proviso provoke prow prowess prowl prowled prowler
prowls prows proxies proxy prude prudent prudes prudish prune pruned prunes pruning pry prying
psalm psalms pseudo psych psyche psyched psyches psychic psychs pub puberty public publish puck
pucker puckers pucks pudding puddle puddled puddles pudgier pudgy pueblo pueblos puff puffed
puffer puffier puffing puffs puffy puke puked pukes puking pull pulled pulley pulleys pulling
pulls pulp pulped pulping pulpit pulpits pulps pulsate pulse pulsed pulses pulsing puma pumas
pumice pumices pummel pummels pump pumped pumping pumpkin pumps pun punch punched punches pundit
pundits pungent punier puniest punish punk punker punkest punks punned punning puns punt punted
punter punters punting punts puny pup pupil pupils pupped puppet puppets puppies pupping puppy
pups pure puree pureed purees purely purer purest purge purged purges purging purify purity
purple purpler purples purport purpose purr purred purring purrs purse pursed purses pursing
pursue pursued pursues pursuit pus push pushed pusher pushers pushes pushier pushing pushy puss
pusses pussier pussies pussy put putrid puts putt putted putter putters puttied putties putting
putts putty puzzle puzzled puzzles pyramid pyre pyres python pythons qua quack quacked quacks
quail quailed quails quaint quake quaked quakes quaking qualify quality qualm qualms quantum
quark quarrel quarry quart quarter quartet quarts quartz quash quashed quashes quaver quavers
quay quays queasy queen queened queenly queens queer queered queerer queers quell quelled quells
quench queried queries query quest quested quests queue queued queues queuing quibble quiche
quick quicken quicker quickly quiet quieted quieter quietly quiets quill quills quilt quilted
quilts quinine quintet quip quipped quips quirk quirked quirks quirky quit quite quits quitted
quitter quiver quivers quiz quizzed quizzes quorum quorums quota quotas quote quoted quotes
quoting quran rabbi rabbis rabbit rabbits rabble rabbles rabid rabies raccoon race raced racer
races racial racier raciest racing racism racist racists rack racked racket rackets racking
racks racoon racoons racquet racy radar radars radial radials radiant radiate radical radii
radio radioed radios radish radium radius raffle raffled raffles raft rafted rafter rafters
rafting rafts rag rage raged rages ragged ragging raging rags ragtime raid raided raider raiders
raiding raids rail railed railing rails railway rain rainbow rained rainier raining rains rainy
raise raised raises raisin raising raisins rake raked rakes raking rallied rallies rally ram
ramble rambled rambler rambles rammed ramming ramp rampage rampant ramps ramrod ramrods rams ran
ranch ranched rancher ranches rancid rancor random rang range ranged ranger rangers ranges
ranging rank ranked ranker rankest ranking rankle rankled rankles ranks ransack ransom ransoms
rant ranted ranting rants rap rape raped rapes rapid rapider rapidly rapids raping rapist
rapists rapped rapping rapport raps rapt rapture rare rared rarely rarer rares rarest raring
rarity rascal rascals rash rasher rashes rashest rashly rasp rasped rasping rasps raster rat
rate rated rates rather ratify rating ratings ratio ration rations ratios rats ratted ratting
rattle rattled rattler rattles ratty raucous ravage ravaged ravages rave raved ravel raveled
ravels raven ravened ravens raves ravine ravines raving ravings ravish raw rawer rawest ray
rayon rays raze razed razes razing razor razors re reach reached reaches react reacted reactor
reacts read reader readers readied readier readies readily reading reads ready real realer
reales realest realism realist reality realize really realm realms reals realty ream reamed
reaming reams reap reaped reaper reapers reaping reaps rear reared rearing rears reason reasons
rebate rebated rebates rebel rebels rebind rebinds rebirth reborn rebound rebuff rebuffs rebuild
rebuilt rebuke rebuked rebukes rebut rebuts recall recalls recant recants recap recaps recede
receded recedes receipt receive recent recess recipe recipes recital recite recited recites
reckon reckons reclaim recline recluse recoil recoils record records recount recoup recoups
recover recruit recta rectal rectify rector rectors rectum rectums recur recurs recycle red
redden reddens redder reddest redeem redeems redhead redid redo redoes redoing redone redraft
redraw redress reds reduce reduced reduces reed reeds reef reefed reefing reefs reek reeked
reeking reeks reel reelect reeled reeling reels refer referee refers refill refills refine
refined refines reflect reflex reform reforms refrain refresh refuel refuels refuge refugee
refuges refund refunds refusal refuse refused refuses refute refuted refutes regain regains
regal regale regaled regales regalia regard regards regatta regent regents regime regimen
regimes region regions regress regret regrets regular rehash reign reigned reigns rein reined
reining reins reis reject rejects rejoice rejoin rejoins relaid relapse relate related relates
relax relaxed relaxes relay relayed relays release relent relents reliant relic relics relied
relief reliefs relies relieve relish relive relived relives reload reloads rely relying remade
remain remains remake remakes remark remarks remedy remind reminds remiss remit remits remnant
remodel remorse remote remoter remotes removal remove removed removes rename renamed renames
rend render renders rending rends renege reneged reneges renew renewal renewed renews renown
rent rental rentals rented renting rents reopen reopens repaid repair repairs repay repays
repeal repeals repeat repeats repel repels repent repents replace replay replete replica replied
replies reply report reports repose reposed reposes repress reprint reprove reptile repulse
repute reputed reputes request requiem require reread rereads reroute resale rescind rescue
rescued rescuer rescues resent resents reserve reset resets reside resided resides residue
resign resigns resin resins resist resists resolve resort resorts resound respect respite
respond rest restart rested restful resting restive restore rests result results resume resumed
resumes retail retails retain retains retard retards retch retched retches rethink retina
retinae retinas retire retired retires retort retorts retrace retract retreat retries retry
return returns retype reunion reunite reuse reused reuses reusing rev revamp revamps reveal
reveals revel reveled reveler revelry revels revenge revenue revere revered reveres reverie
reverse revert reverts revery review reviews revile reviled reviles revise revised revises
revisit revival revive revived revives revoke revoked revokes revolt revolts revolve revs revue
revues revved revving reward rewards rewind rework rewrite rewrote rhino rhinos rhubarb rhyme
rhymed rhymes rhyming rhythm rhythms rib ribbed ribbing ribbon ribbons ribs rice riced rices
rich richer riches richest richly ricing rickety ricksha rid ridded ridden ridding riddle
riddled riddles ride rider riders rides ridge ridged ridges ridging riding rids rife rifer
rifest rifle rifled rifles rifling rift rifted rifting rifts rig rigged rigging right righted
righter rightly rights rigid rigidly rigor rigors rigs rile riled riles riling rim rimmed
rimming rims rind rinds ring ringed ringing ringlet rings rink rinks rinse rinsed rinses rinsing
riot rioted rioter rioters rioting riotous riots rip ripe ripen ripened ripens riper ripest
riposte ripped ripping ripple rippled ripples rips rise risen riser risers rises rising risk
risked riskier risking risks risky rite rites ritual rituals rival rivaled rivalry rivals river
rivers rivet riveted rivets roach roaches road roads roam roamed roaming roams roar roared
roaring roars roast roasted roasts rob robbed robber robbers robbery robbing robe robed robes
robin robing robins robot robots robs robust rock rocked rocker rockers rocket rockets rockier
rocking rocks rocky rod rode rodent rodents rodeo rodeos rods roe roes rogue rogues roguish role
roles roll rolled roller rollers rolling rolls roman romance romp romped romping romps ron roof
roofed roofing roofs rook rooked rookie rookies rooking rooks room roomed roomier rooming rooms
roomy roost roosted rooster roosts root rooted rooter rooting roots rope roped ropes roping
rosary rose roses rosier rosiest ross roster rosters rostra rostrum rosy rot rotary rotate
rotated rotates rote rotor rotors rots rotted rotten rotting rotund rotunda rouge rouged rouges
rough roughed roughen rougher roughly roughs rouging round rounded rounder rounds rouse roused
rouses rousing rout route routed router routes routine routing routs row rowboat rowdier rowdies
rowdy rowed rowing rows roy royal royally royals royalty rpm rub rubbed rubber rubbers rubbing
rubbish rubble rubier rubies rubiest rubric rubs ruby ruckus rudder rudders ruddier ruddy rude
rudely ruder rudest rue rued rueful rues ruff ruffed ruffian ruffing ruffle ruffled ruffles
ruffs rug rugby rugged rugs ruin ruined ruing ruining ruinous ruins rule ruled ruler rulers
rules ruling rulings rum rumble rumbled rumbles rummage rummer rummest rummy rumor rumored
rumors rump rumple rumpled rumples rumps rums run runaway rundown rune runes rung rungs runner
runners runnier running runny runs runt runts runway runways rupture rural ruse ruses rush
rushed rushes rushing rust rusted rustic rustics rustier rusting rustle rustled rustler rustles
rusts rusty rut ruts rutted rutting rye sabbath saber sabers sabre sabres sac sack sacked
sacking sacks sacred sacs sad sadden saddens sadder saddest saddle saddled saddles sades sadism
sadist sadists sadly sadness safari safaris safe safely safer safes safest safety saffron sag
saga sagas sage sager sages sagest sagged sagging sags said sail sailed sailing sailor sailors
sails saint saintly saints sake saki salable salad salads salami salamis salary sale sales
salient saliva sallow sally salmon salmons salon salons saloon saloons salt salted salter
saltest saltier salting salts salty salute saluted salutes salvage salve salved salves salving
sam same sames sample sampled sampler samples sand sandal sandals sandbag sanded sandier sanding
sandman sandmen sands sandy sane saner sanest sang sanity sank sap sapling sapped sapping saps
sarcasm sardine saree sarees sari saris sash sashes sass sassier sassy sat satan satanic satchel
satin satire satires satisfy sauce sauced saucer saucers sauces saucier saucing saucy sauna
saunaed saunas saunter sausage sauted savage savaged savager savages save saved saver saves
saving savings savior saviors saviour savor savored savors savory savvied savvier savvies savvy
saw sawdust sawed sawing sawn saws say saying sayings says sc scab scabbed scabs scalar scalars
scald scalded scalds scale scaled scales scalier scaling scallop scalp scalped scalpel scalps
scaly scamper scan scandal scanned scanner scans scant scanted scanter scants scanty scar scarce
scarcer scare scared scares scarf scarfed scarfs scarier scaring scarlet scarred scars scarves
scary scatter scene scenery scenes scenic scent scented scents scepter scheme schemed schemer
schemes scholar school schools sci science scissor scoff scoffed scoffs scold scolded scolds
scollop scoop scooped scoops scoot scooted scooter scoots scope scoped scopes scoping scorch
score scored scorer scores scoring scorn scorned scorns scotch scotchs scour scoured scourge
scours scout scouted scouts scowl scowled scowls scram scrams scrap scrape scraped scrapes
scraps scratch scrawl scrawls scrawny scream screams screech screen screens screw screwed screws
screwy scribe scribes script scripts scroll scrolls scrub scrubs scruff scruffs scruffy scruple
scuff scuffed scuffle scuffs scum scummed scums scurry scuttle scythe scythed scythes sea
seafood seal sealed sealing seals seam seaman seamed seamen seaming seams seaport sear search
seared searing sears seas seasick seaside season seasons seat seated seating seats seaweed sec
secede seceded secedes seclude second seconds secrecy secret secrete secrets sect section sector
sectors sects secular secure secured securer secures sedan sedans sedate sedated sedater sedates
seduce seduced seduces see seed seeded seedier seeding seeds seedy seeing seek seeking seeks
seem seemed seeming seems seen seep seepage seeped seeping seeps seer sees seesaw seesaws seethe
seethed seethes segment seize seized seizes seizing seizure seldom select selects self selfish
sell seller sellers selling sells selves semen seminar senate senates senator send sender
sending sends senile senior seniors sense sensed senses sensing sensor sensors sensory sensual
sent sentry sequel sequels sequin sequins sera serene serener serial serials series serious
sermon sermons serpent serum serums servant serve served server servers serves service servile
serving session set setback sets setter setters setting settle settled settler settles seven
sevens seventh seventy sever several severe severed severer severs sew sewage sewed sewer sewers
sewing sewn sews sex sexed sexes sexing sexism sexist sexual sexy sf shabby shack shackle shacks
shade shaded shades shadier shading shadow shadows shadowy shady shaft shafted shafts shaggy
shaikh shaikhs shake shaken shakes shakier shaking shaky shall shallow sham shamble shame shamed
shames shaming shammed shampoo shams shanty shape shaped shapely shapes shaping share shared
shares sharing shark sharked sharks sharp sharped sharpen sharper sharply sharps shatter shave
shaved shaven shaver shavers shaves shaving shawl shawls shaykh shaykhs she sheaf shear sheared
shears sheath sheathe sheaths sheave sheaves shed sheds sheen sheep sheer sheered sheerer sheers
sheet sheets sheik sheikh sheikhs sheiks shelf shell shelled sheller shells shelter shelve
shelved shelves sherbet sheriff sherry shes shied shield shields shies shift shifted shifts
shifty shimmer shin shine shined shines shingle shinier shining shinned shins shiny ship shipped
ships shire shirk shirked shirks shirt shirted shirts shiver shivers shoal shoaled shoals shock
shocked shocks shod shodden shoddy shoe shoed shoeing shoes shone shoo shooed shooing shook
shoon shoos shoot shoots shop shopped shopper shops shore shored shores shoring shorn short
shorted shorten shorter shortly shorts shot shotgun shots should shout shouted shouts shove
shoved shovel shovels shoves shoving show showed shower showers showier showing showman showmen
shown shows showy shrank shred shreds shrew shrewd shrews shriek shrieks shrill shrills shrimp
shrimps shrine shrines shrink shrinks shrivel shroud shrouds shrub shrubs shrug shrugs shrunk
shuck shucked shucks shudder shuffle shun shunned shuns shunt shunted shunts shut shuts shutter
shuttle shy shyer shyest shying shyness sibling sic sick sicked sicken sickens sicker sickest
sicking sickle sickles sickly sicks sics side sided sides siding sidings sidle sidled sidles
sidling siege sieges sierra siesta siestas sieve sieved sieves sieving sift sifted sifting sifts
sigh sighed sighing sighs sight sighted sights sigma sign signal signals signed signer signify
signing signs silence silent silents silicon silk silken silks sill sillier sillies sills silly
silo silos silt silted silting silts silver silvers silvery similar simile similes simmer
simmers simple simpler simplex simply sin since sincere sine sinew sinews sinewy sinful sing
singe singed singer singers singes singing single singled singles singly sings sink sinking
sinks sinned sinner sinners sinning sins sinus sinuses sip siphon siphons sipped sipping sips
sir sire sired siren sirens sires siring sirloin sirs sirup sirups sissier sissies sissy sister
sisters sit site sited sites siting sits sitter sitters sitting situate six sixes sixteen sixth
sixths sixties sixty sizable size sized sizer sizes sizing sizzle sizzled sizzles skate skated
skater skaters skates skating skein skeins skeptic sketch sketchy skew skewed skewer skewers
skewing skews ski skid skidded skids skied skies skiing skilful skill skilled skillet skills
skim skimmed skimp skimped skimps skimpy skims skin skinned skinny skins skip skipped skipper
skips skirt skirted skirts skis skit skits skulk skulked skulks skull skulls skunk skunked
skunks sky skyed skying skyline slab slabbed slabs slack slacked slacken slacker slacks slag
slain slake slaked slakes slaking slam slammed slams slander slang slant slanted slants slap
slapped slaps slash slashed slashes slat slate slated slates slating slats slave slaved slavery
slaves slaving slavish slay slaying slays sleazy sled sledded sleds sleek sleeked sleeker sleeks
sleep sleeper sleeps sleepy sleet sleeted sleets sleeve sleeves sleigh sleighs slender slept
slew slewed slewing slews slice sliced slices slicing slick slicked slicker slicks slid slide
slides sliding slier sliest slight slights slily slim slime slimier slimmed slimmer slims slimy
sling slings slink slinked slinks slip slipped slipper slips slit slither slits slitter sliver
slivers slob slobber slobs slog slogan slogans slogged slogs slop slope sloped slopes sloping
slopped sloppy slops slosh sloshed sloshes slot sloth sloths slots slotted slouch slow slowed
slower slowest slowing slowly slows sludge slug slugged slugs sluice sluiced sluices slum
slumber slummed slummer slump slumped slumps slums slung slunk slur slurred slurs slush slut
sluts sly slyer slyest slyly slyness smack smacked smacks small smaller smalls smart smarted
smarter smartly smarts smash smashed smashes smear smeared smears smell smelled smells smelly
smelt smelted smelts smidge smidgen smidges smidgin smile smiled smiles smiling smirk smirked
smirks smit smite smites smith smiths smiting smitten smock smocked smocks smog smoke smoked
smoker smokers smokes smokier smoking smoky smolder smooth smooths smote smother smudge smudged
smudges smug smugger smuggle smugly smut smuts snack snacked snacks snag snagged snags snail
snailed snails snake snaked snakes snaking snap snapped snappy snaps snare snared snares snaring
snarl snarled snarls snatch sneak sneaked sneaker sneaks sneaky sneer sneered sneers sneeze
sneezed sneezes snicker snide snider snidest sniff sniffed sniffle sniffs snigger snip snipe
sniped sniper snipers snipes sniping snipped snippet snips snitch snob snobs snooker snoop
snooped snoops snooty snooze snoozed snoozes snore snored snores snoring snorkel snort snorted
snorts snot snots snout snouts snow snowed snowier snowing snows snowy snub snubbed snubs snuck
snuff snuffed snuffer snuffs snug snugged snugger snuggle snugly snugs so soak soaked soaking
soaks soap soaped soapier soaping soaps soapy soar soared soaring soars sob sobbed sobbing sober
sobered soberer sobers sobs soccer social socials society sock socked socket sockets socking
socks sod soda sodas sodded sodden sodding sodium sodomy sods sofa sofas soft soften softens
softer softest softly soggier soggy soil soiled soiling soils sojourn solace solaced solaces
solar sold solder solders soldier sole soled solely solemn soles soli solicit solid solider
solidly solids soling solo soloed soloing soloist solos soluble solve solved solvent solves
solving somber sombre some someday somehow someone son sonata sonatas song songs sonic sonnet
sonnets sons soon sooner soonest soot soothe soothed soothes sootier sooty sop sopped sopping
soprano sops sorcery sordid sore sorely sorer sores sorest sorrier sorrow sorrows sorry sort
sorta sorted sorting sorts sos sought soul souls sound sounded sounder soundly sounds soup
souped souping soups sour source sourced sources soured sourer sourest souring sours south sow
sowed sowing sown sows sox spa space spaced spaces spacial spacing spade spaded spades spading
span spangle spaniel spank spanked spanks spanned spanner spans spar spare spared sparer spares
sparest sparing spark sparked sparkle sparks sparred sparrow spars sparse sparser spas spasm
spasms spat spate spatial spats spatted spatter spatula spawn spawned spawns spay spayed spaying
spays speak speaker speaks spear speared spears special species specify speck specked specks
specter spectra sped speech speed speeded speeds speedy spell spelled speller spells spelt spend
spends spent sperm sperms spew spewed spewing spews sphere spheres sphinx spice spiced spices
spicier spicing spicy spider spiders spied spies spigot spigots spike spiked spikes spiking
spill spilled spills spilt spin spinach spinal spinals spindly spine spines spins spiral spirals
spire spires spirit spirits spit spite spited spites spiting spits spitted spittle splash splat
spleen spleens splice spliced splices splint splints split splits splurge spoil spoiled spoils
spoilt spoke spoken spokes sponge sponged sponges spongy sponsor spoof spoofed spoofs spook
spooked spooks spooky spool spooled spools spoon spooned spoons spore spores sporran sport
sported sports spot spots spotted spotty spouse spouses spout spouted spouts sprain sprains
sprang sprawl sprawls spray sprayed sprays spread spreads spree spreed sprees sprier spriest
sprig sprigs spring springs springy sprint sprints sprout sprouts spruce spruced sprucer spruces
sprung spry spryer spryest spud spuds spun spunk spur spurn spurned spurns spurred spurs spurt
spurted spurts sputter spy spying squad squads squalid squall squalls squalor square squared
squarer squares squash squat squats squawk squawks squeak squeaks squeaky squeal squeals squeeze
squelch squid squids squint squints squire squired squires squirm squirms squirt squirts sr ss
st stab stabbed stable stabled stabler stables stabs stack stacked stacks stadia stadium staff
staffed staffs stag stage staged stages stagger staging stags staid staider stain stained stains
stair stairs stake staked stakes staking stale staled staler stales stalest staling stalk
stalked stalks stall stalled stalls stamina stammer stamp stamped stamps stance stances stanch
stand standby stands stank stanza stanzas staple stapled stapler staples star starch starchy
stardom stare stared stares staring stark starker starred starry stars start started starter
startle starts starve starved starves state stated stately stater states static stating station
statue statues stature status statute staunch stave staved staves staving stay stayed staying
stays steady steak steaks steal steals stealth steam steamed steams steamy steel steeled steels
steep steeped steeper steeple steeps steer steered steers stellar stem stemmed stems stench
stencil step stepped steps stereo stereos sterile stern sterner sternly sterns stew steward
stewed stewing stews stick sticker sticks sticky stiff stiffed stiffen stiffer stiffly stiffs
stifle stifled stifles stigma stigmas still stilled stiller stills stilted stimuli sting stinger
stings stingy stink stinks stint stinted stints stir stirred stirrup stirs stitch stock stocked
stocks stocky stodgy stoical stoke stoked stokes stoking stole stolen stoles stolid stomach
stomp stomped stomps stone stoned stones stoney stonier stoning stony stood stool stools stoop
stooped stoops stop stopgap stopped stopper stops storage store stored stores storey storeys
stories storing stork storks storm stormed storms stormy story stout stouter stove stoves stow
stowed stowing stows strain strains strait straits strand strands strange strap straps strata
stratum straw strawed straws stray strayed strays streak streaks stream streams street streets
stress stretch strew strewed strewn strews strict stride strides strife strike striker strikes
string strings stringy strip stripe striped stripes strips stript strive strived striven strives
strode stroke stroked strokes stroll strolls strong strove struck strum strums strung strut
struts stub stubbed stubble stubby stubs stuck stud studded student studied studies studio
studios studs study stuff stuffed stuffs stuffy stumble stump stumped stumps stun stung stunk
stunned stuns stunt stunted stunts stupefy stupid stupids stupor stupors sturdy stutter style
styled styles styling stylish stylus suave suaver suavest sub subbed subbing subdue subdued
subdues subject sublet sublets sublime submit submits subs subset subsets subside subsidy
subsist subtle subtler subtly suburb suburbs subvert subway subways succeed success succor
succors succumb such suck sucked sucker suckers sucking suckle suckled suckles sucks suction
sudden suds sue sued suede sues suffer suffers suffice suffix sugar sugared sugars sugary
suggest suicide suing suit suite suited suites suiting suitor suitors suits sulfur sulk sulked
sulkier sulkies sulking sulks sulky sullen sulphur sultan sultans sultry sum summary summed
summer summers summing summit summits summon summons sums sun sunburn sundae sundaes sunday
sundays sundial sundown sundry sung sunk sunken sunlit sunned sunnier sunning sunny sunrise suns
sunset sunsets suntan suntans sunup sup super superb supers supper suppers supple suppler supply
support suppose supreme sure surely surer surest surf surface surfed surfing surfs surge surged
surgeon surgery surges surging surlier surly surmise surname surpass surplus surreal survey
surveys survive suspect suspend sustain suv sw swab swabbed swabs swagger swallow swam swamp
swamped swamps swampy swan swans swap swapped swaps swarm swarmed swarms swarthy swat swathe
swathed swathes swats swatted sway swayed swaying sways swear swears sweat sweater sweats sweaty
sweep sweeper sweeps sweet sweeten sweeter sweetly sweets swell swelled sweller swells swept
swerve swerved swerves swift swifter swiftly swifts swig swigged swigs swill swilled swills swim
swims swindle swine swines swing swings swipe swiped swipes swiping swirl swirled swirls swish
swished swisher swishes switch swivel swivels swollen swoon swooned swoons swoop swooped swoops
sword swords swore sworn swum swung syllabi symbol symbols symptom synagog synapse synonym
syntax syphon syphons syringe syrup syrups system systems tab tabbed tabbies tabbing tabby table
tabled tables tablet tablets tabling tabloid taboo tabooed taboos tabs tabu tabued tabuing tabus
tacit tacitly tack tacked tackier tacking tackle tackled tackles tacks tacky taco tacos tact
tactful tactic tactics tadpole tag tagged tagging tags tail tailed tailing tailor tailors tails
taint tainted taints take taken takeoff taker takers takes taking talc tale talent talents tales
talk talked talker talkers talking talks tall taller tallest tallied tallies tallow tally talon
talons tame tamed tamely tamer tames tamest taming tamper tampers tan tandem tandems tang
tangent tangle tangled tangles tango tangoed tangos tangs tank tankard tanked tanker tankers
tanking tanks tanned tanner tannest tanning tans tantrum tap tape taped taper tapered tapers
tapes taping tapped tapping taps tar tardier tardy target targets tariff tariffs tarnish tarred
tarried tarrier tarries tarring tarry tars tart tartan tartans tartar tartars tarter tartest
tarts task tasked tasking tasks tassel tassels taste tasted tastes tastier tasting tasty tattle
tattled tattles tattoo tattoos tatty taught taunt taunted taunts taurus taut tauter tautest
tavern taverns tawdry tawnier tawny tax taxable taxed taxes taxi taxicab taxied taxies taxiing
taxing taxis taxying tb tea teach teacher teaches teacup teacups teak teaks team teamed teaming
teams teapot teapots tear teared tearful tearing tears teas tease teased teases teasing teat
teats ted tedious tedium tee teed teeing teem teemed teeming teems teen teenage teens teepee
teepees tees teeter teeters teeth teethe teethed teethes tell teller tellers telling tells
temper tempers tempest tempi temple temples tempo tempos tempt tempted tempts ten tenable
tenancy tenant tenants tend tended tender tenders tending tendon tendons tendril tends tenet
tenets tennis tenor tenors tens tense tensed tenser tenses tensest tensing tension tensors tent
tented tenth tenths tenting tents tenuous tenure tenured tenures tepee tepees tepid term termed
terming termini termite termly terms terrace terrain terrier terrify terror terrors terse
tersely terser tersest tess test tested tester testers testes testify testing testis tests
tetanus tether tethers text textile texts textual texture than thank thanked thanks that thatch
thaw thawed thawing thaws the theater theatre thee theft thefts their theirs theist theists them
theme themes then thence theorem theory therapy there thereby therein thereof thereon thermal
these theses thesis theta they thick thicken thicker thicket thickly thief thieve thieves thigh
thighs thimble thin thing things think thinker thinks thinly thinned thinner thins third thirds
thirst thirsts thirsty thirty this thistle thong thongs thorn thorns thorny those thou though
thought thous thrash thread threads threat threats three threes thresh threw thrice thrift
thrifts thrifty thrill thrills thrive thrived thriven thrives throat throats throb throbs throne
thrones throng throngs through throve throw thrown throws thrust thrusts thud thudded thuds thug
thugs thumb thumbed thumbs thump thumped thumps thunder thus thwart thwarts thy thyme thyroid
tiara tiaras tick ticked ticket tickets ticking tickle tickled tickles ticks tidal tidbit
tidbits tide tided tides tidied tidier tidies tidiest tiding tidy tidying tie tied tieing tier
tiers ties tiff tiffed tiffing tiffs tiger tigers tight tighten tighter tightly tights tilde
tile tiled tiles tiling till tilled tilling tills tilt tilted tilting tilts tim timber timbers
time timed timely timer timers times timid timider timidly timing timings tin tinder ting tinge
tinged tinges tinging tingle tingled tingles tings tinier tiniest tinker tinkers tinkle tinkled
tinkles tinned tinnier tinning tinny tins tinsel tinsels tint tinted tinting tints tiny tip tipi
tipis tipped tipping tips tipsier tipsy tiptoe tiptoed tiptoes tirade tirades tire tired tireder
tires tiring tissue tissues tit titbit titbits title titled titles titling tits titter titters
tnt to toad toads toast toasted toaster toasts tobacco today toddle toddled toddler toddles toe
toed toeing toenail toes toffee toffees toffies toffy toga togae togas toggle toil toiled toilet
toilets toiling toils token tokens told toll tolled tolling tolls tom tomato tomb tombed tombing
tomboy tomboys tombs tomcat tomcats tome tomes ton tonal tone toned tones tong tongs tongue
tongued tongues tonic tonics tonight toning tonnage tonne tonnes tons tonsil tonsils too took
tool tooled tooling toolkit tools toot tooted tooth tooting toots top topaz topazes topic
topical topics topped topping topple toppled topples tops torch torched torches tore torment
torn tornado torpedo torque torrent torrid torsi torso torsos torture toss tossed tosses tossing
tost tot total totaled totally totals tote toted totem totems totes toting tots totted totter
totters totting toucan toucans touch touched touches touchy tough toughen tougher toughs toupee
toupees tour toured touring tourist tours tousle tousled tousles tout touted touting touts tow
toward towards towed towel toweled towels tower towered towers towing town towns tows toxic
toxin toxins toy toyed toying toys trace traced traces tracing track tracked tracks tract
tractor tracts trade traded trader traders trades trading traffic tragedy tragic trail trailed
trailer trails train trained trainee trainer trains trait traitor traits tramp tramped trample
tramps trance trances transit trap trapeze trapped trapper traps trash trashed trashes trashy
trauma traumas travel travels trawl trawled trawler trawls tray trays treacle tread treads
treason treat treated treats treaty treble trebled trebles tree treed treeing trees trek trekked
treks trellis tremble tremor tremors trench trend trended trends trendy trestle trial trialed
trials tribal tribe tribes tribute trick tricked trickle tricks tricky tried tries trifle
trifled trifles trigger trill trilled trills trilogy trim trimmed trimmer trims trinity trinket
trio trios trip tripe triple tripled triples triplet tripod tripods tripos tripped trips trite
triter tritest triumph trivia trivial trod trodden troll trolled trolley trolls trolly troop
trooped trooper troops trophy trot trots trotted trouble trough troughs trounce troupe trouped
troupes trouser trout trouts trowel trowels truancy truant truants truce truces truck trucked
trucks trudge trudged trudges true trued trueing truer trues truest truffle truing truism
truisms truly trump trumped trumpet trumps trunk trunks trust trusted trustee trusts trusty
truth truths try trying tryout tryouts tsar tsars tub tuba tubas tube tubed tubes tubing tubs
tubular tuck tucked tucking tucks tuesday tuft tufted tufting tufts tug tugged tugging tugs
tuition tulip tulips tumble tumbled tumbler tumbles tummies tummy tumor tumors tumult tumults
tuna tunas tundra tundras tune tuned tuneful tuner tuners tunes tunic tunics tuning tunnel
tunnels turban turbans turbine tureen tureens turf turfed turfing turfs turgid turkey turkeys
turmoil turn turned turner turning turnip turnips turnout turns turret turrets turtle turtles
turves tusk tusks tussle tussled tussles tutor tutored tutors tuxedo tuxedos tv tvs twang
twanged twangs tweak tweaked tweaks twee tweed tweet tweeted tweets twelfth twelve twelves
twenty twice twiddle twig twigged twigs twin twine twined twines twinge twinged twinges twining
twinkle twinned twins twirl twirled twirls twist twisted twister twists twitch twitter two twos
tx tycoon tycoons tying type typed types typeset typhoid typhoon typhus typical typify typing
typist typists tyranny tyrant tyrants tzar tzars udder udders ufo ufos ugh uglier ugliest ugly
uh ui uk ulcer ulcers ultra um umpire umpired umpires umpteen un unable unarmed unaware unblock
unborn uncanny uncle unclean unclear uncles uncouth uncover uncut under undergo undid undo
undoes undoing undone undress undue unduly undying unearth uneasy unequal uneven unfair unfit
unfits unfold unfolds unfunny unfurl unfurls ungodly unhappy unheard unhook unhooks unicorn
unified unifies uniform unify union unions unique uniquer unison unit unite united unites
unities uniting units unity unjust unkempt unkind unknown unleash unless unlike unload unloads
unlock unlocks unlucky unman unmans unmask unmasks unmoved unnamed unnerve unpack unpacks unpaid
unpick unravel unread unreal unrest unruly unsafe unsafer unsaid unsay unsays unscrew unseat
unseats unseen unset unsound unstuck unsung unsure untidy untie untied unties until unto untold
untrue untruer untying unused unusual unveil unveils unwary unwell unwind unwinds unwise unwiser
unwound unwrap unwraps up upbeat upbeats update updated updates upend upended upends upgrade
upheld uphill uphills uphold upholds upkeep uplift uplifts upload upon upped upper uppers upping
upright uproar uproars uproot uproots ups upset upsets upshot upshots upside upstart uptake
uptight uptown upturn upturns upward upwards uranium urban urbane urbaner urchin urchins urge
urged urgency urgent urges urging urinate urine urn urns us usa usable usage usages use useable
used useful useless user users uses usher ushered ushers using usual usually usurp usurped
usurps utensil uteri uterus utility utilize utmost utter uttered utterly utters uv va vacancy
vacant vacate vacated vacates vaccine vacua vacuous vacuum vacuums vagary vagina vaginae vaginal
vagrant vague vaguely vaguer vaguest vain vainer vainest valet valeted valets valiant valid
validly valise valises valley valleys valor value valued values valuing valve valved valves
valving vampire van vandal vandals vane vanes vanilla vanish vanity vanned vanning vans vapor
vapors variant varied varies variety various varnish varsity vary varying vase vases vast vaster
vastest vastly vasts vat vats vatted vatting vault vaulted vaults vcr vd veal vector vectors
veer veered veering veers vehicle veil veiled veiling veils vein veined veining veins velour
velvet velvety vend vended vender venders vending vendor vendors vends veneer veneers venison
venom vent vented venting vents venture venue venues veranda verb verbal verbals verbose verbs
verdict verge verged verges verging verier veriest verify vermin verse versed verses versing
version versus vertigo verve very vessel vessels vest vested vestige vesting vests vet veteran
veto vetoed vetoes vetoing vets vetted vetting vex vexed vexes vexing vi via viable viaduct vial
vials vibrant vibrate vicar vicars vice viced vices vicing vicious victim victims victor victors
victory video videos vie vied vies view viewed viewer viewers viewing views vigil vigils vigor
vii viii vile viler vilest vilify villa village villain villas vine vinegar vines vintage vinyl
vinyls viola violas violate violent violet violets violin violins vip viper vipers vips viral
virgin virgins virile virtual virtue virtues virus viruses visa visaed visaing visas vise vised
vises visible visibly vising vision visions visit visited visitor visits visor visors vista
vistas visual visuals vital vitally vitamin vivid vivider vividly vizor vizors vocal vocals
vodka vogue vogues voice voiced voices voicing void voided voiding voids volcano volley volleys
volt voltage volts volume volumes vomit vomited vomits von voodoo voodoos vortex vote voted
voter voters votes voting vouch vouched voucher vouches vow vowed vowel vowels vowing vows
voyage voyaged voyager voyages vr vs vulgar vulture vying wad wadded wadding waddle waddled
waddles wade waded wades wading wads wafer wafers waffle waffled waffles waft wafted wafting
wafts wag wage waged wager wagered wagers wages wagged wagging waging wagon wagons wags waif
waifs wail wailed wailing wails waist waists wait waited waiter waiters waiting waits waive
waived waiver waivers waives waiving wake waked waken wakened wakens wakes waking walk walked
walker walkers walking walkout walks wall walled wallet wallets walling wallop wallops wallow
wallows walls walnut walnuts walrus waltz waltzed waltzes wan wand wander wanders wands wane
waned wanes waning wanna wanner wannest want wanted wanting wanton wantons wants war warble
warbled warbles ward warded warden wardens warding wards warfare warhead warier wariest warlike
warm warmed warmer warmest warming warmly warms warmth warn warned warning warns warp warpath
warped warping warps warrant warred warren warrens warring warrior wars wart wartime warts wary
was wash washed washer washers washes washing washout wasp wasps wastage waste wasted wastes
wasting watch watched watches water watered waters watery watt watts wave waved waver wavered
wavers waves wavier waviest waving wavy wax waxed waxes waxier waxiest waxing waxy way waylaid
waylay waylays ways wayside wayward we weak weaken weakens weaker weakest weakly wealth wealthy
wean weaned weaning weans weapon weapons wear wearied wearier wearies wearily wearing wears
weary weasel weasels weather weave weaved weaver weavers weaves weaving web webbed webbing webs
wed wedded wedder wedding wedge wedged wedges wedging wedlock weds wee weed weeded weedier
weeding weeds weedy weeing week weekday weekend weekly weeks weep weeping weeps weer wees weest
weigh weighed weighs weight weights weighty weird weirder weirdo weirdos welcome weld welded
welder welders welding welds welfare well welled welling wells welt welted welter welters
welting welts went wept were west western wet wets wetted wetter wettest wetting whack whacked
whacks whale whaled whaler whalers whales whaling wharf wharfs wharves what whats wheat wheedle
wheel wheeled wheels wheeze wheezed wheezes when whence whens where whereas whereby wherein
wheres whet whether whets whetted whew which whiff whiffed whiffs while whiled whiles whiling
whilst whim whimper whims whine whined whines whining whinny whip whipped whips whir whirl
whirled whirls whirr whirred whirrs whirs whisk whisked whisker whiskey whisks whisky whiskys
whisper whistle white whiten whitens whiter whites whitest whittle whiz whizz whizzed whizzes
who whoa whoever whole wholes wholly whom whoop whooped whoops whopper whore whores whose why
whys wick wicked wicker wickers wicket wickets wicks wide widely widen widened widens wider
widest widow widowed widower widows width widths wield wielded wields wife wig wigged wigging
wiggle wiggled wiggles wigs wigwam wigwams wild wildcat wilder wildest wildly wilds wilful
wilier wiliest will willed willful willing willow willows wills wilt wilted wilting wilts wily
win wince winced winces winch winched winches wincing wind winded windier winding window windows
winds windy wine wined wines wing winged wingers winging wings wining wink winked winking winks
winner winners winning wins winsome winter winters wintery wintry wipe wiped wiper wipers wipes
wiping wire wired wires wirier wiriest wiring wiry wisdom wise wisely wiser wises wisest wish
wished wishes wishful wishing wisp wispier wisps wispy wist wistful wit witch witched witches
with wither withers within without witless witness wits wittier witting witty wive wives wiz
wizard wizards wizened wizes wizzes wobble wobbled wobbles wobbly woe woes wok woke woken woks
wolf wolfed wolfing wolfs wolves woman womb wombat wombats wombs women won wonder wonders wont
woo wood wooded wooden woodier woodies wooding woods woody wooed woof woofed woofing woofs
wooing wool woolen woolens woolie woolier woolies woolly wooly woos word worded wordier wording
words wordy wore work worked worker workers working workman workmen workout works world worldly
worlds worm wormed worming worms worn worried worries worry worse worsen worsens worship worst
worsted worsts worth worthy wot would woulds wound wounded wounder wounds wove woven wow wowed
wowing wows wrangle wrap wrapped wrapper wraps wrapt wrath wreak wreaked wreaks wreath wreathe
wreaths wreck wrecked wrecker wrecks wren wrench wrens wrest wrested wrestle wrests wretch wrier
wriest wriggle wright wring wringer wrings wrinkle wrist wrists writ write writer writers writes
writhe writhed writhes writing writs written wrong wronged wronger wrongly wrongs wrote wrought
wrung wry wryer wryest xci xcii xciv xcix xcvi xcvii xi xii xiii xiv xix xmas xmases xv xvi xvii
xviii xx xxi xxii xxiii xxiv xxix xxv xxvi xxvii xxviii xxx xxxi xxxii xxxiii xxxiv xxxix xxxv
xxxvi xxxvii xxxviii ya yacht yachted yachts yack yacked yacking yacks yak yakked yakking yaks
yam yams yank yanked yankee yankees yanking yanks yap yapped yapping yaps yard yards yarn yarns
yawn yawned yawning yawns ye year yearly yearn yearned yearns years yeast yeasts yell yelled
yelling yellow yellows yells yelp yelped yelping yelps yen yens yes yeses yessed yessing yet
yeti yew yews yiddish yield yielded yields ymca yo yock yocks yodel yodeled yodels yoga yoghurt
yogurt yogurts yoke yoked yokel yokels yokes yoking yolk yolks yonder you young younger your
yours yous youth youths yowl yowled yowling yowls yuck yucks ywca zanier zanies zaniest zany
zeal zealous zebra zebras zenith zeniths zero zeroed zeroes zeroing zeros zest zests zeta zigzag
zigzags zillion zinc zinced zincing zincked zincs zip zipped zipper zippers zipping zips zodiac
zodiacs zoe zombi zombie zombies zombis zone zoned zones zoning zoo zoology zoom zoomed zooming
zooms zoos
"""


@cache
def common_words() -> frozenset[str]:
    """The common-word set (built once, on first use)."""
    return frozenset(_WORDS.split()) | {"a", "i"} | _NAMES


_NAMES = frozenset({"anna", "cassino", "gregg", "platte", "riffle", "starr"})
"""Words and names found one doubled letter away from a shipped policy's terms (riffle/rifle, Monte
Cassino/casino) by checking every derived spelling against a 100,000-word dictionary."""
